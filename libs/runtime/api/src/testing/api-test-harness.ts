import type { NestExpressApplication } from '@nestjs/platform-express';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadAppConfig, type AppConfig } from '@vv/platform/config';
import { createOrmConfig, TenantDatabase } from '@vv/platform/database';
import { createLogger } from '@vv/platform/logger';
import { InProcessJobQueue } from '@vv/platform/queue';
import { createTestDatabase, type TestDatabase } from '@vv/platform/testing';
import { domainEntities } from '@vv/domain/entities';
import { createApi } from '../create-api';

/**
 * A real API on a real PostgreSQL database of the suite's own, connected as the
 * application's login role, listening on a free local port: tests talk to it over HTTP.
 */
export interface ApiTestHarness {
  readonly url: string;
  readonly database: TestDatabase;
  readonly config: AppConfig;
  /** The app's own database access, for arranging data through the same tenant paths. */
  readonly db: TenantDatabase;
  /** An ORM connected as the schema owner, for arranging what the app may not do itself. */
  readonly ownerOrm: MikroORM;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

export interface GraphQLResult<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; fields?: { field: string; message: string }[] } }[];
}

export async function startApiTestHarness(env: Record<string, string> = {}): Promise<ApiTestHarness> {
  const database = await createTestDatabase();
  const config = loadAppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.appUrl, ...env });
  const logger = createLogger({ level: config.LOG_LEVEL, service: 'api-test' });
  const app: NestExpressApplication = await createApi({ config, logger, databaseUrl: database.appUrl, queue: new InProcessJobQueue(logger) });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const ownerOrm = await MikroORM.init(createOrmConfig({ clientUrl: database.ownerUrl, entities: domainEntities, poolSize: 2 }));
  const appOrm = app.get(MikroORM) as MikroORM;
  return {
    url,
    database,
    config,
    db: new TenantDatabase(appOrm),
    ownerOrm,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async close() {
      await app.close();
      await ownerOrm.close();
      await database.drop();
    },
  };
}
