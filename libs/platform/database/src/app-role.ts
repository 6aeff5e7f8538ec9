/**
 * The role every application transaction switches to. It owns no table, cannot bypass
 * row-level security and may only insert into the audit tables. Migrations create it
 * (NOLOGIN); a deployment gives its login user membership of it.
 */
export const APP_ROLE = 'vv_app';

/** SQL that creates the application role if the cluster lacks it. Safe to run concurrently. */
export const CREATE_APP_ROLE_SQL = `do $$ begin
  if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
    create role ${APP_ROLE} nologin nosuperuser nobypassrls noinherit;
  end if;
exception when duplicate_object or unique_violation then null;
end $$;`;
