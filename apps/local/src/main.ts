import { MikroORM } from '@mikro-orm/postgresql';
import { apiAudience, loadAppConfig } from '@vv/platform/config';
import { startLocalIdentityProvider } from '@vv/platform/identity-provider';
import { createOrmConfig, DataFolderInUseError, lockDataFolder, startEmbeddedPostgres, TenantDatabase } from '@vv/platform/database';
import { createLogger, stopOnSignals } from '@vv/platform/logger';
import { InProcessJobQueue } from '@vv/platform/queue';
import { domainEntities } from '@vv/domain/entities';
import { loadTenantDirectory, syncTenantDirectory } from '@vv/domain/onboarding';
import { startLocalWherebyServer } from '@vv/platform/video';
import { randomBytes } from 'node:crypto';
import { Trust } from '@vv/domain/trusts';
import { DEMO_STAFF, seedDemoStaff, startDemoNotify } from '@vv/demo';
import { createApi } from '@vv/runtime/api';
import { createWorker } from '@vv/runtime/worker';
import { createStaffConsole, loadConsoleConfig } from '@vv/web/console';
import { keepIdleConnections } from '@vv/contracts';
import { migrations } from '../../../migrations';

/**
 * `npm start`: the whole product on one machine with nothing installed but Node. Without
 * DATABASE_URL it runs on embedded PostgreSQL (data kept in .data/pglite); without
 * REDIS_URL the worker's jobs run in this process. Applies migrations and loads the demo
 * trusts from tenants/. Development only.
 */
const environment = loadAppConfig();
const logger = createLogger({ level: environment.LOG_LEVEL, service: 'local' });
if (environment.NODE_ENV === 'production') {
  logger.fatal('npm start is for development; run the api and worker images in production');
  process.exit(1);
}
// Whatever stops the start, say it in one line: another npm start on the same data folder
// or ports, or anything else (its detail is in the log above at debug level).
process.on('uncaughtException', (error: NodeJS.ErrnoException & { port?: number }) => {
  if (error instanceof DataFolderInUseError) console.error(error.message);
  else if (error.code === 'EADDRINUSE') console.error(`Port ${error.port ?? ''} is already in use, probably by another npm start: stop it, or set PORT and LOCAL_IDP_PORT`);
  else console.error(`Virtual Visits could not start: ${error.message}`);
  process.exit(1);
});
const embeddedDataDir = process.env.EMBEDDED_DATA_DIR ?? '.data/pglite';
// before anything listens: two runs on one data folder would corrupt it
if (!environment.DATABASE_URL) lockDataFolder(embeddedDataDir);

// The local stand-ins for Entra ID, Whereby and GOV.UK Notify keep the platform's time: the real one.
const platformClock = (): Date => new Date();

// Staff sign in through a built-in OpenID provider issuing Entra-shaped tokens for the demo
// staff, unless ENTRA_AUTHORITY_BASE points somewhere real.
const useLocalSignIn = !process.env.ENTRA_AUTHORITY_BASE;
const identityProvider = useLocalSignIn
  ? await startLocalIdentityProvider({
      accounts: DEMO_STAFF.map((s) => ({ email: s.email, displayName: s.displayName, tenantId: s.tenantId, objectId: s.objectId })),
      audience: apiAudience(environment),
      port: environment.LOCAL_IDP_PORT,
      clock: platformClock,
    })
  : undefined;
// Video: demo trusts' secrets are made up for this run unless set, and trusts on Whereby talk
// to a local server that speaks Whereby's API unless WHEREBY_API_URL points at the real one.
const demoTrusts = loadTenantDirectory('tenants');
const wherebyKey = randomBytes(24).toString('hex');
for (const trust of demoTrusts) {
  process.env[trust.video.secretEnv] ||= trust.video.provider === 'whereby' ? wherebyKey : randomBytes(32).toString('hex');
}
const whereby = process.env.WHEREBY_API_URL ? undefined : await startLocalWherebyServer({ apiKey: wherebyKey, clock: platformClock });
// Messages: unless NOTIFY_API_URL points at GOV.UK Notify, a local server speaks its API for the demo trusts
const notify = process.env.NOTIFY_API_URL ? undefined : await startDemoNotify(demoTrusts, { clock: platformClock });
const config = {
  ...environment,
  ...(identityProvider ? { ENTRA_AUTHORITY_BASE: identityProvider.authorityBase } : {}),
  ...(whereby ? { WHEREBY_API_URL: whereby.apiUrl } : {}),
  ...(notify ? { NOTIFY_API_URL: notify.server.baseUrl } : {}),
};

const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres(embeddedDataDir);
const databaseUrl = config.DATABASE_URL ?? embedded!.url;
const orm = await MikroORM.init(
  createOrmConfig({ clientUrl: databaseUrl, entities: domainEntities, migrations, poolSize: embedded ? 1 : config.DATABASE_POOL_SIZE }),
);
const applied = await orm.migrator.up();
logger.info({ applied: applied.length }, 'database schema is up to date');
// the demo trusts and staff go only into a new database: after that, what people change
// through the API stays changed (`npm run tenants:sync` applies later edits of tenants/)
const tenantDb = new TenantDatabase(orm);
if ((await tenantDb.platform((em) => em.count(Trust, {}))) === 0) {
  const synced = await syncTenantDirectory(tenantDb, 'tenants', { dryRun: false });
  const seeded = await seedDemoStaff(tenantDb);
  logger.info({ trusts: synced.trusts, staffRoles: seeded }, 'new database: demo trusts loaded from tenants/, with their demo staff');
} else {
  logger.info('demo data already loaded; npm run tenants:sync applies changes to tenants/');
}

const queue = config.REDIS_URL ? undefined : new InProcessJobQueue(logger);
// one process: the API serves the metrics port
const worker = await createWorker({ config: { ...config, METRICS_PORT: undefined }, logger, databaseUrl, orm, queue });
await worker.init();
const api = await createApi({ config, logger, databaseUrl, orm, queue, changeFeed: !embedded });
await api.listen(config.PORT, config.HOST);
notify?.connectReceipts(`http://127.0.0.1:${config.PORT}`);

// The staff console, signing in through the built-in provider's page (or Entra, with WEB_CLIENT_* set)
// Console sessions: Redis with REDIS_URL; otherwise PostgreSQL through DATABASE_URL, which ran the
// migrations above; only on the embedded database (it serves one connection) in memory.
const sessionDatabaseUrl = embedded ? undefined : databaseUrl;
const consoleEnv = loadConsoleConfig({ API_URL: `http://127.0.0.1:${config.PORT}`, WEB_SESSION_DATABASE_URL: sessionDatabaseUrl, ...process.env });
const consoleUrl = consoleEnv.WEB_PUBLIC_URL ?? `http://localhost:${consoleEnv.WEB_PORT}`;
const consoleClient = { clientId: 'virtual-visits-console-local', clientSecret: randomBytes(24).toString('base64url') };
identityProvider?.registerClient({ ...consoleClient, redirectUris: [`${consoleUrl}/auth/callback`], postLogoutRedirectUris: [`${consoleUrl}/signed-out`] });
const staffConsole = await createStaffConsole({
  config: identityProvider
    ? {
        ...consoleEnv,
        ENTRA_SIGN_IN_AUTHORITY: identityProvider.signInAuthority,
        WEB_CLIENT_ID: consoleClient.clientId,
        WEB_CLIENT_SECRET: consoleClient.clientSecret,
        ENTRA_API_SCOPE: `${apiAudience(environment)}/access_as_user`,
      }
    : consoleEnv,
});
const consoleServer = staffConsole.app.listen(consoleEnv.WEB_PORT, consoleEnv.WEB_HOST);
keepIdleConnections(consoleServer);
await new Promise((resolve, reject) => consoleServer.once('listening', resolve).once('error', reject));

const where = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
console.log(`\nVirtual Visits is running.\n  Staff console:    ${consoleUrl}\n  GraphQL endpoint: ${where}/graphql\n  Health:           ${where}/health/ready\n  Database:         ${embedded ? 'embedded PostgreSQL (.data/pglite)' : 'DATABASE_URL'}\n  Jobs:             ${queue ? 'in this process (no REDIS_URL)' : 'Redis (REDIS_URL)'}\n  Console sessions: ${{ redis: 'Redis (REDIS_URL)', postgresql: 'PostgreSQL (table web_session)', memory: 'in this process' }[staffConsole.sessionStore]}\n  Messages:         ${notify ? `a local server speaking GOV.UK Notify's API at ${notify.server.baseUrl}` : 'GOV.UK Notify'}\n  Sign-in:          ${identityProvider ? `built-in identity provider at ${identityProvider.authorityBase} (npm run token -- --list)` : config.ENTRA_AUTHORITY_BASE}\n`);

stopOnSignals(logger, async () => {
  consoleServer.closeAllConnections();
  await new Promise((resolve) => consoleServer.close(resolve));
  await staffConsole.close();
  await api.close();
  await worker.close();
  await orm.close();
  await embedded?.stop();
  await identityProvider?.close();
  await whereby?.close();
  await notify?.server.close();
});
