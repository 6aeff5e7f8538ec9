import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@vv/platform/database';
import { withAdmin } from '@vv/platform/testing';
import { domainEntities } from '@vv/domain/entities';
import { migrations } from '../../../migrations';

/**
 * A migrated template database for this run (and the application's login role), so the API
 * harness can copy it as the tests do. The returned function drops it.
 */
export async function prepareTemplateDatabase(serverUrl: string): Promise<() => Promise<void>> {
  const name = `vv_reliability_template_${process.pid}`;
  await withAdmin(serverUrl, async (client) => {
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url.toString(), entities: domainEntities, migrations, poolSize: 1 }));
  try {
    await orm.migrator.up();
  } finally {
    await orm.close();
  }
  await withAdmin(serverUrl, async (client) => {
    await client.query(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'vv_app_login') then create role vv_app_login login nobypassrls; end if;
    exception when duplicate_object or unique_violation then null; end $$;`);
    await client.query('grant vv_app to vv_app_login');
  });
  process.env.TEST_TEMPLATE_DB = name;
  return () => withAdmin(serverUrl, (client) => client.query(`drop database if exists ${name}`)).then(() => undefined);
}
