/**
 * Before the integration suites: build the command-line tools, migrate a template
 * database once, and make sure the application's login role exists. Each suite then
 * copies the template into a database of its own (fast, and isolated).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { checkServices } from './check-services.mjs';


export default async function globalSetup() {
  // one template per run, so runs on a shared server (two checkouts, CI, other machines) never collide
  const TEMPLATE_DB = `vv_test_template_${randomBytes(6).toString('hex')}`;
  process.env.TEST_TEMPLATE_DB = TEMPLATE_DB;
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  process.env.TEST_DATABASE_URL = serverUrl;
  await checkServices();
  // This connection stays open for the whole run holding a lock named after the template: a
  // template whose lock is free belongs to a run that is over (killed before its teardown), so
  // it is safe to drop; one whose lock is held belongs to a run still going, on any machine.
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  globalThis.__templateLock = admin;
  await admin.query('select pg_advisory_lock(hashtextextended($1, 0))', [TEMPLATE_DB]);
  const { rows } = await admin.query(`select datname from pg_database where datname like 'vv_test_template_%' and datname <> $1`, [TEMPLATE_DB]);
  for (const { datname } of rows) {
    if (/^vv_test_template_[0-9a-f]{12}$/.test(datname)) {
      const { rows: [{ free }] } = await admin.query('select pg_try_advisory_lock(hashtextextended($1, 0)) as free', [datname]);
      if (!free) continue;
      await admin.query(`drop database if exists ${datname}`).catch(() => undefined);
      await admin.query('select pg_advisory_unlock(hashtextextended($1, 0))', [datname]);
    } else {
      // named by an older setup without the lock: only when far older than any run
      const startedAt = Number(/^vv_test_template_\d+_(\d+)$/.exec(datname)?.[1]) * 1000;
      if (startedAt && Date.now() - startedAt > STALE_AFTER_MS) await admin.query(`drop database if exists ${datname}`).catch(() => undefined);
    }
  }
  await admin.query(`create database ${TEMPLATE_DB}`);
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  execFileSync(process.execPath, ['dist/apps/cli/src/main.js', 'db:migrate'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: templateUrl.toString(), DATABASE_MIGRATION_URL: '' },
  });
  const roles = new pg.Client({ connectionString: serverUrl });
  await roles.connect();
  try {
    // the login the application uses in tests: no ownership, no bypass, member of vv_app only
    await roles.query(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'vv_app_login') then
        create role vv_app_login login nosuperuser nobypassrls nocreatedb nocreaterole;
      end if;
    exception when duplicate_object or unique_violation then null; end $$;`);
    await roles.query('grant vv_app to vv_app_login');
    // the staff console's login in tests: its sessions only (member of vv_web)
    await roles.query(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'vv_web_login') then
        create role vv_web_login login nosuperuser nobypassrls nocreatedb nocreaterole;
      end if;
    exception when duplicate_object or unique_violation then null; end $$;`);
    await roles.query('grant vv_web to vv_web_login');
  } finally {
    await roles.end();
  }
}

/** No test run takes this long: a template this old was left by a run that was killed. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;
