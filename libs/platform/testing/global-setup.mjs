/**
 * Before the integration suites: build the command-line tools, migrate a template
 * database once, and make sure the application's login role exists. Each suite then
 * copies the template into a database of its own (fast, and isolated).
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';


export default async function globalSetup() {
  // one template per run, so runs on a shared server (two checkouts, CI) never collide; named
  // with its start time, since a process id says nothing to a run on another machine or container
  const TEMPLATE_DB = `vv_test_template_${process.pid}_${Math.floor(Date.now() / 1000)}`;
  process.env.TEST_TEMPLATE_DB = TEMPLATE_DB;
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  process.env.TEST_DATABASE_URL = serverUrl;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // templates left behind by runs that were killed before their teardown: only ones far older
    // than any run, because another checkout's run may be using one right now
    const { rows } = await admin.query(`select datname from pg_database where datname like 'vv_test_template_%'`);
    for (const { datname } of rows) {
      const startedAt = Number(/^vv_test_template_\d+_(\d+)$/.exec(datname)?.[1]) * 1000;
      if (startedAt && Date.now() - startedAt > STALE_AFTER_MS) await admin.query(`drop database if exists ${datname}`);
    }
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [TEMPLATE_DB]);
    await admin.query(`drop database if exists ${TEMPLATE_DB}`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
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
  } finally {
    await roles.end();
  }
}

/** No test run takes this long: a template this old was left by a run that was killed. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;
