import pino, { type Logger } from 'pino';
import { logContext } from './log-context';

/**
 * Keys whose values are personal data or secrets. They are removed wherever they appear,
 * so a careless `logger.info({ input })` cannot leak a patient's name or a Notify key.
 */
const REDACTED_KEYS = [
  'patientName',
  'contactName',
  'contactMobile',
  'contactEmail',
  'cancelReason',
  'variables',
  'mobile',
  'email',
  'phone',
  'phoneNumber',
  'emailAddress',
  'name',
  'displayName',
  'authorization',
  'token',
  'apiKey',
  'password',
  'secret',
  'personalisation',
];

const REDACTED = new Set(REDACTED_KEYS.map((key) => key.toLowerCase()));
const MAX_DEPTH = 12;

/**
 * A copy of what is being logged without any redacted key, at any depth and in arrays
 * (pino's own redaction takes fixed paths only). Keys are compared without case, so
 * `Authorization` and `contactMobile` go too. Deeper than 12 levels is cut, not written.
 */
export function withoutPersonalData(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => withoutPersonalData(item, depth + 1));
  if (value instanceof Date) return value;
  if (value instanceof Error) return { type: value.name };
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!REDACTED.has(key.toLowerCase())) copy[key] = withoutPersonalData(item, depth + 1);
  }
  return copy;
}

export function createLogger(options: { level?: string; service: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (object) => withoutPersonalData(object) as Record<string, unknown> },
      mixin: () => ({ ...logContext.current() }),
    },
    options.destination,
  );
}

export type { Logger };
