const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** `{name}-{service id}-{secret}`: the ids are the last 73 characters, the name anything before, in any script, without spaces or control characters. */
const API_KEY = new RegExp(`^[^\\s\\p{Cc}]+-(${UUID})-(${UUID})$`, 'iu');
const UUID_ONLY = new RegExp(`^${UUID}$`, 'i');

export const NOT_A_NOTIFY_API_KEY = 'The value given is not a GOV.UK Notify API key ({key name}-{service id}-{secret key}, both ids UUIDs)';

export interface NotifyApiKeyParts {
  serviceId: string;
  /** The HS256 signing secret: never log or print it. */
  secret: string;
}

/** Splits a Notify API key into its service id and secret, or throws an error that never contains the key. */
export function notifyApiKeyParts(apiKey: string): NotifyApiKeyParts {
  const match = typeof apiKey === 'string' ? API_KEY.exec(apiKey) : null;
  if (!match) throw new Error(NOT_A_NOTIFY_API_KEY);
  return { serviceId: match[1], secret: match[2] };
}

/** Validates a Notify API key's shape ({name}-{serviceId uuid}-{secret uuid}) without printing it; returns the service id. */
export function notifyServiceIdOf(apiKey: string): string {
  return notifyApiKeyParts(apiKey).serviceId;
}

/** Test helper: builds the key Notify would show for this service and secret. */
export function makeNotifyApiKey(name: string, serviceId: string, secret: string): string {
  if (typeof name !== 'string' || !/^[^\s]+$/.test(name)) throw new Error('A Notify API key name must be non-empty, without spaces');
  if (!isUuid(serviceId)) throw new Error('A Notify service id must be a UUID');
  if (!isUuid(secret)) throw new Error('A Notify API key secret must be a UUID');
  return `${name}-${serviceId}-${secret}`;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_ONLY.test(value);
}
