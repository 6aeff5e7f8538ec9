import type pg from 'pg';
import { tenantContext, type ActiveTrust } from '@vv/platform/tenancy';
import { APP_ROLE } from './app-role';
import { READABLE_TRUSTS_SETTING, TRUST_SETTING } from './trust-scope';

/** One statement in a trust's transaction, written as plain SQL with `$1`-style parameters. */
export interface TrustSql {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

/**
 * A transaction in one trust on a connection of the ORM's own pool, without the ORM: the
 * same role and trust settings as `TenantDatabase.inTrust` (so row-level security and
 * the role's grants apply exactly as they do there), sent with BEGIN in one round trip.
 * For hot paths whose few statements the ORM's unit of work costs more than it gives.
 */
export async function runInTrustSql<T>(pool: pg.Pool, trust: ActiveTrust, report: (sql: string) => void, work: (sql: TrustSql) => Promise<T>): Promise<T> {
  return runSql(pool, { begin: 'begin', writable: trust.trustId, readable: [trust.trustId] }, report, (sql) => tenantContext.run(trust, () => work(sql)));
}

/**
 * `TenantDatabase.acrossTrusts` without the ORM: a read-only transaction that reads the
 * named trusts and may write none, with BEGIN and the settings in one round trip.
 */
export async function runAcrossTrustsSql<T>(pool: pg.Pool, trustIds: readonly string[], report: (sql: string) => void, work: (sql: TrustSql) => Promise<T>): Promise<T> {
  return runSql(pool, { begin: 'begin read only', writable: '', readable: trustIds }, report, work);
}

/** The trust ids are checked to be UUIDs by the caller, so they can be written into the text: BEGIN and the settings then travel together. */
async function runSql<T>(pool: pg.Pool, scope: { begin: string; writable: string; readable: readonly string[] }, report: (sql: string) => void, work: (sql: TrustSql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  const sql: TrustSql = {
    async query<R>(text: string, values?: readonly unknown[]): Promise<R[]> {
      report(text);
      const result = await client.query(text, values as unknown[] | undefined);
      return result.rows as R[];
    },
  };
  try {
    const settings = `select set_config('role', '${APP_ROLE}', true), set_config('${TRUST_SETTING}', '${scope.writable}', true), set_config('${READABLE_TRUSTS_SETTING}', '${scope.readable.join(',')}', true)`;
    report(scope.begin);
    report(settings);
    await client.query(`${scope.begin}; ${settings}`);
    const result = await work(sql);
    report('commit');
    await client.query('commit');
    return result;
  } catch (error) {
    try {
      report('rollback');
      await client.query('rollback');
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A unique constraint refused the row (PostgreSQL's 23505), e.g. an idempotency key used twice at once. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (!constraint || e.constraint === constraint);
}
