import { randomBytes } from 'node:crypto';
import pg from 'pg';


export interface TestDatabase {
  /** Connection as the schema owner: for arranging data the way a migration or DBA would. */
  readonly ownerUrl: string;
  /** Connection as the application's login role: what the product itself uses. */
  readonly appUrl: string;
  /** Connection as the staff console's login role: its sessions and nothing else. */
  readonly webSessionUrl: string;
  readonly name: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Without the migrations: an empty database, for a suite that builds its schema another way. */
  empty?: boolean;
}

/**
 * A fresh database of this suite's own: migrated (copied from the template the global setup
 * prepared), or empty when asked.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `vv_test_${randomBytes(6).toString('hex')}`;
  const template = options.empty ? 'template0' : (process.env.TEST_TEMPLATE_DB ?? 'vv_test_template');
  await withAdmin(serverUrl, (client) => client.query(`create database ${name} template ${template}`));
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${name}`;
  const appUrl = new URL(ownerUrl);
  appUrl.username = 'vv_app_login';
  appUrl.password = '';
  const webSessionUrl = new URL(ownerUrl);
  webSessionUrl.username = 'vv_web_login';
  webSessionUrl.password = '';
  return {
    name,
    ownerUrl: ownerUrl.toString(),
    appUrl: appUrl.toString(),
    webSessionUrl: webSessionUrl.toString(),
    async drop() {
      await withAdmin(serverUrl, async (client) => {
        await client.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);
        await client.query(`drop database if exists ${name}`);
      });
    },
  };
}

/** Runs work on a short-lived connection to the server's maintenance database. */
export async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
