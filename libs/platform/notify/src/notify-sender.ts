import NotifyClientModule from 'notifications-node-client';
import { SignJWT } from 'jose';
import { notifyApiKeyParts } from './notify-api-key';
import {
  looksPersonal,
  outcomeOfFailure,
  type NotifyChannel,
  type NotifyFailedRequest,
  type NotifyFailure,
  type NotifyOutcome,
} from './notify-outcome';

// CommonJS: Node's ESM loader (build) and Jest's (tests) both give module.exports as the default export.
const { NotifyClient } = NotifyClientModule;
type NotifyClientInstance = InstanceType<typeof NotifyClient>;

export const DEFAULT_NOTIFY_BASE_URL = 'https://api.notifications.service.gov.uk';
export const DEFAULT_NOTIFY_TIMEOUT_MS = 10_000;
/** Notify's limit on `reference`. */
const MAX_REFERENCE_LENGTH = 1000;

export interface NotifyMessage {
  channel: NotifyChannel;
  templateId: string;
  /** E.164 mobile or email address. */
  to: string;
  personalisation: Record<string, string>;
  /** Opaque id (our notification row id); never personal data. */
  reference: string;
  smsSenderId?: string | null;
  emailReplyToId?: string | null;
}

export interface NotifySender {
  send(message: NotifyMessage): Promise<NotifyOutcome>;
  /**
   * Finds a notification we already handed to Notify by our reference (after a crash between
   * Notify accepting and us recording it). Throws NotifyLookupError when Notify cannot be asked.
   */
  findByReference(reference: string, channel: NotifyChannel): Promise<{ providerId: string; status: string } | null>;
  /**
   * What Notify says became of a notification it accepted (by its id), when no delivery receipt
   * came: its status, or null when Notify no longer holds it. Throws NotifyLookupError when
   * Notify cannot be asked.
   */
  statusOf(providerId: string): Promise<{ status: string } | null>;
}

export interface NotifySenderOptions {
  apiKey: string;
  /** Default https://api.notifications.service.gov.uk */
  baseUrl?: string;
  /** Whole-request deadline (connect, send, answer). Default 10 s. */
  timeoutMs?: number;
  /** How long to wait after a 429 RateLimitError when Notify gives no Retry-After (it gives none). Default 10 s. */
  rateLimitBackoffMs?: number;
  /**
   * The platform's clock, which each request's token is dated by (`iat`; Notify refuses one more
   * than 30 seconds from its own time). The client library would read the process clock; this
   * keeps one clock for the whole platform, and the local stand-in checks against the same one.
   */
  clock: () => Date;
}

/** Notify could not be asked whether it has a message; `outcome` says whether asking again can help. */
export class NotifyLookupError extends Error {
  constructor(readonly outcome: NotifyFailure) {
    super(`GOV.UK Notify could not be asked about an earlier message: ${'reason' in outcome ? outcome.reason : outcome.kind}`);
    this.name = 'NotifyLookupError';
  }
}

/** A sender for one Notify service (one API key), over the official notifications-node-client. */
export function createNotifySender(options: NotifySenderOptions): NotifySender {
  const { serviceId, secret } = notifyApiKeyParts(options?.apiKey);
  const apiKey = options.apiKey;
  const baseUrl = notifyBaseUrl(options.baseUrl ?? DEFAULT_NOTIFY_BASE_URL);
  const timeoutMs = positive(options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS, 'timeoutMs');
  const rateLimitBackoffMs = options.rateLimitBackoffMs === undefined ? undefined : positive(options.rateLimitBackoffMs, 'rateLimitBackoffMs');

  const client = new NotifyClient(baseUrl, apiKey);
  if (typeof options.clock !== 'function') throw new Error('A Notify sender needs the platform clock, to date its tokens');
  const clock = options.clock;
  // the token the client library makes, with the same claims and key, dated by the platform's clock
  const token = () =>
    new SignJWT({ iss: serviceId, iat: Math.round(clock().getTime() / 1000) }).setProtectedHeader({ typ: 'JWT', alg: 'HS256' }).sign(new TextEncoder().encode(secret));
  client.setClient(restClientWithDeadline(client, timeoutMs, token));
  const classify = (error: unknown, sensitive: readonly string[]) =>
    outcomeOfFailure(failedRequestOf(error), [apiKey, secret, ...sensitive], { timeoutMs, rateLimitBackoffMs });

  return {
    async send(message) {
      const invalid = problemWith(message);
      if (invalid) return { kind: 'permanent', reason: `not sent: ${invalid}` };
      const { channel, templateId, to, personalisation, reference } = message;
      try {
        const response =
          channel === 'sms'
            ? await client.sendSms(templateId, to, { personalisation, reference, smsSenderId: message.smsSenderId || undefined })
            : await client.sendEmail(templateId, to, { personalisation, reference, emailReplyToId: message.emailReplyToId || undefined });
        const providerId: unknown = response?.data?.id;
        if (typeof providerId !== 'string' || !providerId) {
          // Notify may well have it: the caller's retry asks by reference before sending again.
          return { kind: 'temporary', reason: `GOV.UK Notify answered ${response?.status} without a notification id` };
        }
        return { kind: 'accepted', providerId };
      } catch (error) {
        return classify(error, [to, ...Object.values(personalisation)]);
      }
    },

    async findByReference(reference, channel) {
      if (typeof reference !== 'string' || !reference) throw new Error('findByReference needs the reference the message was sent with');
      if (channel !== 'sms' && channel !== 'email') throw new Error('findByReference needs the channel: sms or email');
      let notifications: unknown;
      try {
        const response = await client.getNotifications(channel, undefined, reference);
        notifications = response?.data?.notifications;
      } catch (error) {
        throw new NotifyLookupError(classify(error, []));
      }
      if (!Array.isArray(notifications)) throw new NotifyLookupError({ kind: 'temporary', reason: 'GOV.UK Notify answered without a notifications list' });
      // Newest first, as Notify lists them; a reference may have been sent twice only through a bug.
      const found = notifications.find((n) => n?.reference === reference && n?.type === channel && typeof n?.id === 'string');
      return found ? { providerId: found.id, status: String(found.status) } : null;
    },

    async statusOf(providerId) {
      if (typeof providerId !== 'string' || !providerId) throw new Error("statusOf needs Notify's id for the notification");
      let status: unknown;
      try {
        const response = await client.getNotificationById(providerId);
        status = response?.data?.status;
      } catch (error) {
        if (failedRequestOf(error).status === 404) return null;
        throw new NotifyLookupError(classify(error, []));
      }
      if (typeof status !== 'string' || !status) throw new NotifyLookupError({ kind: 'temporary', reason: 'GOV.UK Notify answered without a status' });
      return { status };
    },
  };
}

/** Why a message must not be sent as it is (never echoing its contents), or null. */
function problemWith(message: NotifyMessage): string | null {
  if (message?.channel !== 'sms' && message?.channel !== 'email') return 'the channel must be sms or email';
  if (typeof message.templateId !== 'string' || !message.templateId) return 'no template id';
  if (typeof message.to !== 'string' || !message.to.trim()) return 'no recipient';
  const { personalisation, reference } = message;
  if (typeof personalisation !== 'object' || personalisation === null || Array.isArray(personalisation)) return 'personalisation must be an object';
  const notText = Object.keys(personalisation).find((key) => typeof personalisation[key] !== 'string');
  if (notText !== undefined) return `personalisation ${safeName(notText)} is not text`;
  if (typeof reference !== 'string' || !reference.trim()) return 'no reference';
  if (reference.length > MAX_REFERENCE_LENGTH) return `the reference is longer than ${MAX_REFERENCE_LENGTH} characters`;
  if (reference.includes(message.to.trim()) || looksPersonal(reference)) return 'the reference looks like personal data; it must be an opaque id';
  return null;
}

function safeName(key: string): string {
  return /^[\w. -]{1,60}$/.test(key) && !looksPersonal(key) ? `"${key}"` : '(a field)';
}

/** The parts of an axios error that hold no request data (its `config` holds the body and the token). */
function failedRequestOf(error: unknown): NotifyFailedRequest {
  const e = error as { response?: { status?: unknown; data?: unknown; headers?: Record<string, unknown> }; code?: unknown; name?: unknown };
  const status = e?.response?.status;
  if (typeof status === 'number') {
    const retryAfter = e.response?.headers?.['retry-after'];
    return { status, body: e.response?.data, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
  }
  const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : undefined;
  return { code };
}

interface AxiosLike {
  create(config: object): AxiosInstanceLike;
}
interface RequestConfigLike {
  signal?: unknown;
  headers?: { set?(name: string, value: string): unknown; [name: string]: unknown };
}
interface AxiosInstanceLike {
  interceptors: { request: { use(onFulfilled: (config: RequestConfigLike) => Promise<object>): unknown } };
}

/**
 * notifications-node-client sends through the axios it ships with and sets no timeout, so a
 * Notify that never answers would hold a sender forever. Its `setClient` takes an axios
 * instance: this one is made from the client's own axios (no second copy), with axios'
 * `timeout` (connect and idle) and an AbortSignal for the whole request (an answer that
 * trickles in), and without following redirects (a redirected POST would carry the
 * recipient and the token elsewhere). Each request's Bearer token is the one `token` makes.
 */
function restClientWithDeadline(client: NotifyClientInstance, timeoutMs: number, token: () => Promise<string>): Parameters<NotifyClientInstance['setClient']>[0] {
  const axios = (client as unknown as { apiClient?: { restClient?: Partial<AxiosLike> } }).apiClient?.restClient;
  if (typeof axios?.create !== 'function') {
    throw new Error('notifications-node-client no longer exposes its axios client, so no request timeout can be set');
  }
  const instance = axios.create({ timeout: timeoutMs, maxRedirects: 0 });
  instance.interceptors.request.use(async (config) => {
    const authorization = `Bearer ${await token()}`;
    if (typeof config.headers?.set === 'function') config.headers.set('Authorization', authorization);
    else config.headers = { ...config.headers, Authorization: authorization };
    return { ...config, signal: config.signal ?? AbortSignal.timeout(timeoutMs) };
  });
  return instance as unknown as Parameters<NotifyClientInstance['setClient']>[0];
}

function notifyBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('The GOV.UK Notify base URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The GOV.UK Notify base URL must be http(s)');
  if (url.username || url.password || url.search || url.hash) throw new Error('The GOV.UK Notify base URL must have no credentials, query or fragment');
  // the client appends "/v2/..." to it as it is
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of milliseconds`);
  return value;
}
