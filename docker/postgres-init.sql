-- Roles for a fresh cluster. The postgres image runs this once, as the superuser, when
-- its data directory is empty (docker-entrypoint-initdb.d, psql with ON_ERROR_STOP).
-- Passwords come from the container's environment (psql 15's \getenv); none has a default.
--
--   vv_owner      LOGIN, owns the database and (through migrations) every table.
--                 Only the release step (`db:migrate`) connects as it.
--   vv_app        NOLOGIN, NOBYPASSRLS: the role every application transaction switches
--                 to. The first migration creates it too (if missing) and grants it its
--                 table privileges; it is created here first so the login below can join it.
--   vv_app_login  LOGIN for the API and the worker: owns nothing, cannot bypass row-level
--                 security, and may only become vv_app.

\getenv vv_owner_password VV_OWNER_DB_PASSWORD
\getenv vv_app_password VV_APP_DB_PASSWORD
\getenv vv_database POSTGRES_DB

\if :{?vv_owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'VV_OWNER_DB_PASSWORD must be set'; END $$;
\endif
\if :{?vv_app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'VV_APP_DB_PASSWORD must be set'; END $$;
\endif

-- Same attributes as the migration's own definition (libs/platform/database/src/app-role.ts).
CREATE ROLE vv_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;

CREATE ROLE vv_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE
  PASSWORD :'vv_owner_password';

CREATE ROLE vv_app_login LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE
  IN ROLE vv_app
  PASSWORD :'vv_app_password';

-- The owner of the database owns its public schema (pg_database_owner, PostgreSQL 15),
-- so migrations can create tables there and grant vv_app what it needs.
ALTER DATABASE :"vv_database" OWNER TO vv_owner;
REVOKE ALL ON DATABASE :"vv_database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"vv_database" TO vv_owner, vv_app_login;
