import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadAppConfig, type AppConfig } from '@vv/platform/config';
import { createOrmConfig, TenantDatabase } from '@vv/platform/database';
import { createLogger } from '@vv/platform/logger';
import { InProcessJobQueue } from '@vv/platform/queue';
import { createTestDatabase, until, type TestDatabase } from '@vv/platform/testing';
import { requestDemoAccessToken, startLocalIdentityProvider, type LocalIdentityProvider } from '@vv/platform/identity-provider';
import { DEV_API_AUDIENCE } from '@vv/platform/config';
import { startLocalWherebyServer, type LocalWherebyServer } from '@vv/platform/video';
import { domainEntities } from '@vv/domain/entities';
import { DEMO_STAFF, seedDemoStaff, type DemoStaffMember, startDemoNotify, type DemoNotify } from '@vv/demo';
import { syncTenantDirectory } from '@vv/domain/onboarding';
import { TrustDirectory } from '@vv/domain/trusts';
import { createApi } from '../create-api';
import { createWorker } from '@vv/runtime/worker';
import { loadTenantDirectory } from '@vv/domain/onboarding';

/** An Entra tenant the local provider hosts but no trust accepts. */
export const UNACCEPTED_TENANT_ID = 'ffffffff-0000-4000-8000-00000000abcd';

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
  /** How many SQL statements the API has sent so far. */
  readonly statements: StatementCounter;
  /** The local server speaking GOV.UK Notify's API, one service per demo trust. */
  readonly notify: DemoNotify;
  /** The local server speaking Whereby's API (R1K's video provider). */
  readonly whereby: LocalWherebyServer;
  /** The local Entra-shaped identity provider the API trusts. */
  readonly identityProvider: LocalIdentityProvider;
  /** An access token for a demo account (or any account given to the harness). */
  tokenFor(email: string, tenantId?: string): Promise<string>;
  /** GraphQL as a signed-in person, optionally naming the active trust. */
  as<T = Record<string, unknown>>(email: string, query: string, variables?: Record<string, unknown>, trust?: string): Promise<GraphQLResult<T>>;
  /** Loads the demo trusts from tenants/ and the demo staff, and refreshes the API's trust registry. */
  loadDemoData(): Promise<void>;
  /** A provider of the running API, e.g. to drain a recorder. */
  appGet<T>(token: unknown): T;
  /** Makes the API see trust registry changes at once. */
  refreshTrusts(): Promise<void>;
  /** Resolves at a moment when no in-process job is running (jobs waiting for a later time do not count). */
  noJobRunning(): Promise<void>;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

export interface GraphQLResult<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; fields?: { field: string; message: string }[] } }[];
}

/** Demo trusts' video secrets for tests: Jitsi app secrets and the Whereby key the local Whereby server expects. */
export const TEST_VIDEO_SECRETS = {
  RNQ_JITSI_APP_SECRET: 'rnq-test-jitsi-secret-0123456789abcdef0123456789',
  RNS_JITSI_APP_SECRET: 'rns-test-jitsi-secret-0123456789abcdef0123456789',
  R1K_WHEREBY_API_KEY: 'r1k-test-whereby-api-key-0123456789abcdef',
};

export interface HarnessOptions {
  /**
   * The clock the API, the worker and the stand-in servers (Notify, Whereby, the identity provider)
   * run on. Required, so no suite runs on today's date without saying so: a fixed instant or one the
   * suite moves, or PROCESS_CLOCK for a suite about real time.
   */
  clock: () => Date;
  /** The local Notify sends delivery receipts by itself (default true). */
  autoDeliver?: boolean;
  /** Also run the worker (relay, sender, schedules) in this process, sharing the API's queue. */
  worker?: boolean;
  /** Jobs through BullMQ on REDIS_URL (from env) instead of in-process. */
  redisQueue?: boolean;
  /** Receives every log line the API (and worker) write, e.g. to search them for personal data. */
  logs?: (line: string) => void;
}

/**
 * The process's own clock, for a suite about real time: worker processes and BullMQ's timers
 * (job locks, stalled checks, delays) keep it, and a test clock would disagree with them.
 */
export const PROCESS_CLOCK = (): Date => new Date();

/** SQL statements the API has sent since the harness started (a counter tests can diff). */
export interface StatementCounter {
  count: number;
}

/**
 * The local Notify answers at once, but a loaded machine can hold a request past the product's 10 s:
 * the message would then wait for a look-up on the test's clock, which most tests hold still. Tests of
 * a slow Notify set NOTIFY_TIMEOUT_MS themselves.
 */
const HARNESS_NOTIFY_TIMEOUT_MS = '60000';

export async function startApiTestHarness(env: Record<string, string>, extraAccounts: readonly DemoStaffMember[], options: HarnessOptions): Promise<ApiTestHarness> {
  Object.assign(process.env, TEST_VIDEO_SECRETS);
  // the stand-ins keep the suite's time, as the API and the worker do
  const { clock } = options;
  const whereby = await startLocalWherebyServer({ apiKey: TEST_VIDEO_SECRETS.R1K_WHEREBY_API_KEY, clock });
  const notify = await startDemoNotify(loadTenantDirectory('tenants'), { autoDeliver: options.autoDeliver ?? true, clock });
  const database = await createTestDatabase();
  const accounts = [...DEMO_STAFF, ...extraAccounts];
  const identityProvider = await startLocalIdentityProvider({
    accounts: accounts.map((a) => ({ email: a.email, displayName: a.displayName, tenantId: a.tenantId, objectId: a.objectId })),
    audience: DEV_API_AUDIENCE,
    extraTenantIds: [UNACCEPTED_TENANT_ID],
    clock,
  });
  try {
    return await startApi(database, identityProvider, whereby, notify, accounts, { WHEREBY_API_URL: whereby.apiUrl, NOTIFY_API_URL: notify.server.baseUrl, NOTIFY_TIMEOUT_MS: HARNESS_NOTIFY_TIMEOUT_MS, ...env }, options);
  } catch (error) {
    // a harness that fails to start must not leave a server or database behind
    await whereby.close();
    await notify.server.close();
    await identityProvider.close();
    await database.drop();
    throw error;
  }
}

async function startApi(
  database: TestDatabase,
  identityProvider: LocalIdentityProvider,
  whereby: LocalWherebyServer,
  notify: DemoNotify,
  accounts: readonly DemoStaffMember[],
  env: Record<string, string>,
  options: HarnessOptions,
): Promise<ApiTestHarness> {
  const statements: StatementCounter = { count: 0 };
  const config = loadAppConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.appUrl,
    ENTRA_AUTHORITY_BASE: identityProvider.authorityBase,
    ...env,
  });
  const logs = options.logs;
  const logger = createLogger({ level: config.LOG_LEVEL, service: 'api-test', destination: logs ? new Writable({ write: (chunk, _encoding, done) => (logs(String(chunk)), done()) }) : undefined });
  const queue = options.redisQueue ? undefined : new InProcessJobQueue(logger);
  const app: NestExpressApplication = await createApi({ config, logger, databaseUrl: database.appUrl, queue, clock: options.clock, onQuery: () => (statements.count += 1) });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  notify.connectReceipts(url);
  const worker = options.worker ? await createWorker({ config, logger, databaseUrl: database.appUrl, queue, orm: app.get(MikroORM) as MikroORM, clock: options.clock }) : undefined;
  await worker?.init();
  const ownerOrm = await MikroORM.init(createOrmConfig({ clientUrl: database.ownerUrl, entities: domainEntities, poolSize: 2 }));
  const appOrm = app.get(MikroORM) as MikroORM;
  const db = new TenantDatabase(appOrm);
  const tokens = new Map<string, string>();
  const harness: ApiTestHarness = {
    url,
    database,
    config,
    db,
    ownerOrm,
    identityProvider,
    whereby,
    notify,
    statements,
    async tokenFor(email, tenantId) {
      const account = accounts.find((a) => a.email === email && (!tenantId || a.tenantId === tenantId));
      const tenant = tenantId ?? account?.tenantId;
      if (!tenant) throw new Error(`no demo account ${email}`);
      const key = `${tenant}/${email}`;
      if (!tokens.has(key)) {
        tokens.set(key, await requestDemoAccessToken({ authorityBase: identityProvider.authorityBase, tenantId: tenant, email, audience: DEV_API_AUDIENCE }));
      }
      return tokens.get(key)!;
    },
    async as(email, query, variables, trust) {
      const headers: Record<string, string> = { authorization: `Bearer ${await harness.tokenFor(email)}` };
      if (trust) headers['x-trust'] = trust;
      return harness.graphql(query, variables, headers);
    },
    async loadDemoData() {
      await syncTenantDirectory(db, 'tenants', { dryRun: false });
      await seedDemoStaff(db, accounts);
      await harness.refreshTrusts();
    },
    appGet<T>(token: unknown): T {
      return app.get(token as never) as T;
    },
    async refreshTrusts() {
      await app.get(TrustDirectory).refresh();
      // the worker keeps its own registry: it must see the trusts at once too, or nothing is sent until its next refresh
      await worker?.get(TrustDirectory).refresh();
    },
    async noJobRunning() {
      if (!queue) throw new Error('noJobRunning: the jobs run in Redis in this harness');
      await until(async () => (await queue.counts()).active === 0);
    },
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async close() {
      await worker?.close();
      await app.close();
      await notify.server.close();
      await identityProvider.close();
      await whereby.close();
      await ownerOrm.close();
      await database.drop();
    },
  };
  return harness;
}
