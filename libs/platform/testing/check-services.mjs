/**
 * `npm test` runs this first: the integration tests need PostgreSQL and Redis, and a missing
 * one should be said plainly before typecheck and lint, not found later as a bare ECONNREFUSED.
 */
import pg from 'pg';
import { pathToFileURL } from 'node:url';

/** Says plainly which service the integration tests cannot reach, before anything else runs. */
export async function checkServices() {
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const missing = [];
  const db = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await db.connect();
  } catch (error) {
    missing.push(`PostgreSQL at ${safeUrl(serverUrl)} (TEST_DATABASE_URL): ${error.code ?? error.message}`);
  } finally {
    await db.end().catch(() => undefined);
  }
  const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const { createConnection } = await import('node:net');
  const reachable = await new Promise((resolve) => {
    const socket = createConnection({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379), timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
  if (!reachable) missing.push(`Redis at ${redisUrl.host} (TEST_REDIS_URL)`);
  if (missing.length) {
    throw new Error(`The integration tests need PostgreSQL and Redis; cannot reach:\n  ${missing.join('\n  ')}\nStart them (see the README) or point TEST_DATABASE_URL / TEST_REDIS_URL at them.`);
  }
}

function safeUrl(url) {
  const parsed = new URL(url);
  parsed.password = '';
  return `${parsed.host}${parsed.pathname}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  checkServices().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
