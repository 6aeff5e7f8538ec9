/** After the integration suites: drop this run's template database. */
import pg from 'pg';

export default async function globalTeardown() {
  const template = process.env.TEST_TEMPLATE_DB;
  if (!template) return;
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    await client.query(`drop database if exists ${template}`);
  } finally {
    await client.end();
    await globalThis.__templateLock?.end();
  }
}
