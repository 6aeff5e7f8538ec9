import { defineConfig, DefaultLogger, type LogContext, type LoggerOptions, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';

export interface OrmConfigInput {
  clientUrl: string;
  entities: Options['entities'];
  migrations?: MigrationObject[];
  poolSize?: number;
  /** Folder new migrations are written to by the generator (development only). */
  migrationsPath?: string;
  /** Told of every SQL statement the ORM sends (tests count them; never log them: they hold values). */
  onQuery?: (sql: string) => void;
}

/** Passes each query to a listener and writes nothing: statements can carry personal data. */
class QueryListeningLogger extends DefaultLogger {
  constructor(options: LoggerOptions, private readonly listener: (sql: string) => void) {
    super({ ...options, writer: () => undefined });
  }

  override logQuery(context: { query: string } & LogContext): void {
    this.listener(context.query);
  }
}

/** One ORM configuration for the API, the worker and the command-line tools. */
export function createOrmConfig(input: OrmConfigInput): Options {
  return defineConfig({
    clientUrl: input.clientUrl,
    entities: input.entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: input.poolSize ?? 10 },
    // queries run in explicit transactions that carry the trust settings
    sessionContext: 'transaction',
    forceUtcTimezone: true,
    // plain text: the migrator's lines go to logs that are not terminals
    colors: false,
    debug: input.onQuery ? ['query'] : false,
    ...(input.onQuery ? { loggerFactory: (options: LoggerOptions) => new QueryListeningLogger(options, input.onQuery!) } : {}),
    allowGlobalContext: false,
    // the staff console's sessions: made by a reviewed migration, mapped by no entity
    schemaGenerator: { skipTables: ['web_session'] },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: input.migrationsPath ?? 'migrations',
      pathTs: input.migrationsPath ?? 'migrations',
      migrationsList: input.migrations ?? [],
      transactional: true,
      allOrNothing: true,
      snapshot: true,
      snapshotName: 'schema-snapshot',
      emit: 'ts',
    },
  });
}
