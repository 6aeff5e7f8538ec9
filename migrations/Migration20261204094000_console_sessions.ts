import { Migration } from '@mikro-orm/migrations';

/**
 * Reviewed, written by hand: no entity maps it (the API never reads it, and the schema
 * generator skips it). The staff console's sessions when it runs without Redis, read and
 * written only by `vv_web`, the role of the console's database login. The API's role
 * (`vv_app`) is refused it, so nothing that reaches the API's database access can read a
 * signed-in person's tokens. The layout is connect-pg-simple's.
 */
export class Migration20261204094000_console_sessions extends Migration {
  override name = 'Migration20261204094000_console_sessions';

  override up(): void | Promise<void> {
    this.addSql(`create table "web_session" ("sid" varchar not null, "sess" json not null, "expire" timestamptz(6) not null, primary key ("sid"));`);
    this.addSql(`create index "web_session_expire_index" on "web_session" ("expire");`);
    this.addSql(`do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'vv_web') then
    create role vv_web nologin nosuperuser nobypassrls noinherit;
  end if;
exception when duplicate_object or unique_violation then null;
end $$;`);
    // the API's role gets every new table by default privileges: not this one
    this.addSql(`revoke all on "web_session" from vv_app;`);
    this.addSql(`grant usage on schema public to vv_web;`);
    this.addSql(`grant select, insert, update, delete on "web_session" to vv_web;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "web_session";`);
    this.addSql(`revoke usage on schema public from vv_web;`);
  }
}
