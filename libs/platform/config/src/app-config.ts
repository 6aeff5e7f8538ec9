import { z } from 'zod';

/**
 * Everything the processes read from the environment, validated once at boot.
 * Errors name the variable and the problem, never the value: a value may be a secret.
 */
const port = z.coerce.number().int().min(1).max(65535);

const databaseUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// connection URL');
const redisUrl = z.string().refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL');

export const appConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(3000),
    HOST: z.string().default('127.0.0.1'),
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
    WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && !config.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production' });
    }
    if (config.NODE_ENV === 'production' && !config.REDIS_URL) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'is required in production' });
    }
  });

export type AppConfig = Readonly<z.output<typeof appConfigSchema>>;

export class ConfigInvalidError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable} ${p.message}`).join('\n')}`);
    this.name = 'ConfigInvalidError';
  }
}

/** Reads and checks the environment; throws naming each bad variable, never echoing its value. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
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
  return Object.freeze(result.data);
}
