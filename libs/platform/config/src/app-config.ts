import { z } from 'zod';

/**
 * Everything the processes read from the environment, validated once at boot.
 * Errors name the variable and the problem, never the value: a value may be a secret.
 */
const port = z.coerce.number().int().min(1).max(65535);

const databaseUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// connection URL');
/** `loopback`, `linklocal`, `uniquelocal`, or an IPv4/IPv6 address with an optional /prefix. */
const PROXY_ENTRY = /^(loopback|linklocal|uniquelocal|(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?|[0-9a-f:]*:[0-9a-f:.]*(\/\d{1,3})?)$/i;

const redisUrl = z.string().refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL');

export const appConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(3000),
    HOST: z.string().default('127.0.0.1'),
    /**
     * Which proxies in front of the API to believe about the client's address
     * (X-Forwarded-For): none by default; a number of hops (`1` behind one load balancer);
     * or a comma-separated list of addresses, subnets, `loopback`, `uniquelocal`.
     */
    TRUST_PROXY: z
      .string()
      .default('')
      .refine((value) => value.trim() === '' || /^\d{1,2}$/.test(value.trim()) || value.split(',').every((entry) => PROXY_ENTRY.test(entry.trim())), 'must be empty, a number of proxy hops, or a comma-separated list of proxy addresses or subnets')
      .transform((value): false | number | string[] => {
        const trimmed = value.trim();
        if (trimmed === '') return false;
        if (/^\d+$/.test(trimmed)) return Number(trimmed);
        return trimmed.split(',').map((entry) => entry.trim());
      }),
    /** Browser origins (comma-separated, e.g. https://ward-app.example.nhs.uk) allowed to call the API; none by default. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
      .refine((origins) => origins.every((origin) => /^https?:\/\/[^/]+$/.test(origin)), 'must be a comma-separated list of origins like https://ward-app.example.nhs.uk'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: databaseUrl.optional(),
    /** Connection used to run migrations: a role that owns the tables. Defaults to DATABASE_URL. */
    DATABASE_MIGRATION_URL: databaseUrl.optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: redisUrl.optional(),
    /** Namespace of this deployment's queues in Redis, so environments can share a Redis. */
    REDIS_QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be 1 to 32 lower-case letters, digits or dashes').default('vv'),
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).max(200).default(30),
    GRAPHQL_MAX_COST: z.coerce.number().int().min(10).max(1_000_000).default(5000),
    /** Where Entra ID (or the local identity provider) publishes each tenant's issuer: `${base}/{tid}/v2.0`. */
    ENTRA_AUTHORITY_BASE: z
      .string()
      .refine((value) => /^https?:\/\/[^/]+$/.test(value), 'must be a scheme and host with no path, like https://login.microsoftonline.com')
      .default('https://login.microsoftonline.com'),
    /** The API's application (client) id in Entra ID: the audience every access token must carry. */
    ENTRA_API_AUDIENCE: z.string().min(3, 'must be the API app registration\'s client id').optional(),
    /** Entra tenants whose users may hold platform-level roles (comma-separated), on top of those trusts accept. */
    PLATFORM_ENTRA_TENANT_IDS: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((id) => id.trim().toLowerCase()).filter(Boolean))
      .refine((ids) => ids.every((id) => /^[0-9a-f-]{36}$/.test(id)), 'must be a comma-separated list of Entra tenant ids'),
    /** Where families reach the platform: visitor links are `${PUBLIC_BASE_URL}/visit/<ODS>/<token>`. */
    PUBLIC_BASE_URL: z
      .string()
      .refine((value) => /^https?:\/\/[^/]+$/.test(value), 'must be a scheme and host with no path, like https://visit.example.nhs.uk')
      .optional(),
    /** Whereby's REST API; `npm start` and tests point it at a local server that speaks it. */
    WHEREBY_API_URL: z.url({ error: 'must be a URL' }).default('https://api.whereby.dev/v1'),
    /** 32 random bytes, base64: seals secrets kept at rest (visitor links waiting to be sent, trust secrets set through the API). */
    SECRETS_ENCRYPTION_KEY: z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)')
      .optional(),
    /** GOV.UK Notify's API; `npm start` and tests point it at a local server that speaks it. */
    NOTIFY_API_URL: z.url({ error: 'must be a URL' }).default('https://api.notifications.service.gov.uk'),
    /** Messages per minute each trust hands to Notify at most (Notify's limit is 3,000 per service). */
    NOTIFY_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(3000).default(3000),
    /** How long one request to Notify may take; a message whose request went unanswered is looked up before it is sent again. */
    NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Port of the built-in identity provider that `npm start` runs for demo staff (development only). */
    LOCAL_IDP_PORT: port.default(3001),
    /** Private port each process serves Prometheus metrics on (`/metrics`); unset, no metrics server. */
    METRICS_PORT: port.optional(),
    METRICS_HOST: z.string().default('127.0.0.1'),
    WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** A due message still not sent after this long is reported (`/health/work`, an ALERT log line). */
    MESSAGE_WAIT_ALERT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  })
  ;

export type AppConfig = Readonly<z.output<typeof appConfigSchema>>;

/**
 * Which process is starting: each checks only what it uses. Migrations need the database
 * and nothing else; the worker no sign-in settings; the API everything.
 */
export type ProcessRole = 'api' | 'worker' | 'migrate' | 'cli';

type Requirement = { variable: keyof AppConfig; message: string; met: (config: AppConfig) => boolean };
const PRODUCTION_REQUIREMENTS: Record<string, Requirement> = {
  database: { variable: 'DATABASE_URL', message: 'is required in production', met: (c) => !!c.DATABASE_URL },
  migrationDatabase: { variable: 'DATABASE_URL', message: 'is required in production (or DATABASE_MIGRATION_URL)', met: (c) => !!(c.DATABASE_URL ?? c.DATABASE_MIGRATION_URL) },
  audience: { variable: 'ENTRA_API_AUDIENCE', message: 'is required in production', met: (c) => !!c.ENTRA_API_AUDIENCE },
  authority: { variable: 'ENTRA_AUTHORITY_BASE', message: 'must be https in production', met: (c) => !c.ENTRA_AUTHORITY_BASE.startsWith('http:') },
  publicBaseUrl: { variable: 'PUBLIC_BASE_URL', message: 'must be set to an https address in production', met: (c) => !!c.PUBLIC_BASE_URL?.startsWith('https://') },
  secretsKey: { variable: 'SECRETS_ENCRYPTION_KEY', message: 'is required in production', met: (c) => !!c.SECRETS_ENCRYPTION_KEY },
  redis: { variable: 'REDIS_URL', message: 'is required in production', met: (c) => !!c.REDIS_URL },
};
const REQUIRED_BY: Record<ProcessRole, (keyof typeof PRODUCTION_REQUIREMENTS)[]> = {
  api: ['database', 'audience', 'authority', 'publicBaseUrl', 'secretsKey', 'redis'],
  // sends messages with visitor links (sealed at rest) through the queue
  worker: ['database', 'publicBaseUrl', 'secretsKey', 'redis'],
  migrate: ['migrationDatabase'],
  // tenants:sync, platform:first-admin
  cli: ['database'],
};


/** The audience the local identity provider issues tokens for, outside production. */
export const DEV_API_AUDIENCE = 'api://virtual-visits-local';

/** The API's audience: configured in production (checked at boot), the local one otherwise. */
export function apiAudience(config: AppConfig): string {
  return config.ENTRA_API_AUDIENCE ?? DEV_API_AUDIENCE;
}

export class ConfigInvalidError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable} ${p.message}`).join('\n')}`);
    this.name = 'ConfigInvalidError';
  }
}

/** Reads and checks the environment for one kind of process; throws naming each bad variable, never echoing its value. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env, role: ProcessRole = 'api'): AppConfig {
  const input = Object.fromEntries(
    Object.keys(appConfigSchema.shape ?? {}).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = appConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigInvalidError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        // zod messages describe the rule; strip anything that could quote the received value
        message: issue.code === 'invalid_value' || issue.code === 'invalid_type' ? 'has an invalid value' : issue.message,
      })),
    );
  }
  const config = Object.freeze(result.data);
  if (config.NODE_ENV === 'production') {
    const unmet = REQUIRED_BY[role].map((key) => PRODUCTION_REQUIREMENTS[key]).filter((requirement) => !requirement.met(config));
    if (unmet.length) throw new ConfigInvalidError(unmet.map(({ variable, message }) => ({ variable: String(variable), message })));
  }
  return config;
}
