import { z } from 'zod';

/**
 * The staff console's settings, from the environment, checked at boot. An error names the
 * variable and never prints its value.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  WEB_HOST: z.string().default('127.0.0.1'),
  /** Where people reach the console, e.g. https://visits.example.nhs.uk (the sign-in redirect is `${WEB_PUBLIC_URL}/auth/callback`). */
  WEB_PUBLIC_URL: z.url().optional(),
  /** The GraphQL API the console reads and writes through. */
  API_URL: z.url().default('http://127.0.0.1:3000'),
  /** Entra ID's multitenant authority (NHSmail and trusts' own tenants). */
  ENTRA_SIGN_IN_AUTHORITY: z.url().default('https://login.microsoftonline.com/organizations/v2.0'),
  /** The console's app registration: its client id and secret. */
  WEB_CLIENT_ID: z.string().min(1).optional(),
  WEB_CLIENT_SECRET: z.string().min(16).optional(),
  /** The API's delegated scope, e.g. api://<API client id>/access_as_user. */
  ENTRA_API_SCOPE: z.string().min(1).optional(),
  /** Signs the session cookie: 32 random bytes or more (`openssl rand -base64 32`). */
  SESSION_SECRET: z.string().min(32).optional(),
  /** Sessions in Redis when set (shared by every console process). */
  REDIS_URL: z.string().optional(),
  /**
   * Otherwise sessions in PostgreSQL (table web_session, made by the migrations), through a
   * login that is a member of vv_web; with neither, in this process's memory (local only).
   */
  WEB_SESSION_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// address').optional(),
  REDIS_SESSION_PREFIX: z.string().default('vv:web:session:'),
  /** A shared ward device signs out after this many minutes without use. */
  WEB_IDLE_MINUTES: z.coerce.number().int().min(1).max(720).default(15),
});

export type ConsoleEnvironment = z.infer<typeof schema>;

export class ConsoleConfigError extends Error {}

export function loadConsoleConfig(env: Record<string, string | undefined> = process.env): ConsoleEnvironment {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConsoleConfigError(`The console's settings are not valid:\n  ${names.join('\n  ')}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production') {
    const missing = (['WEB_PUBLIC_URL', 'WEB_CLIENT_ID', 'WEB_CLIENT_SECRET', 'ENTRA_API_SCOPE', 'SESSION_SECRET'] as const).filter((name) => !config[name]);
    if (missing.length) throw new ConsoleConfigError(`In production the console needs ${missing.join(', ')}.`);
    if (!config.REDIS_URL && !config.WEB_SESSION_DATABASE_URL) throw new ConsoleConfigError('In production the console needs REDIS_URL or WEB_SESSION_DATABASE_URL for its sessions.');
    if (!config.WEB_PUBLIC_URL!.startsWith('https://')) throw new ConsoleConfigError('WEB_PUBLIC_URL must be https in production.');
  }
  return config;
}
