import pino, { type Logger } from 'pino';
import { logContext } from './log-context';

/**
 * Keys whose values are personal data or secrets. They are removed wherever they appear,
 * so a careless `logger.info({ input })` cannot leak a patient's name or a Notify key.
 */
const REDACTED_KEYS = [
  'patientName',
  'contactName',
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

export function createLogger(options: { level?: string; service: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`), 'req.headers.authorization'],
        remove: true,
      },
      mixin: () => ({ ...logContext.current() }),
    },
    options.destination,
  );
}

export type { Logger };
