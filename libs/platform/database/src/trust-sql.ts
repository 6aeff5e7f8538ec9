import type pg from 'pg';
import { tenantContext, type ActiveTrust } from '@vv/platform/tenancy';
import { APP_ROLE } from './app-role';
import { READABLE_TRUSTS_SETTING, TRUST_SETTING } from './trust-scope';

/** A statement with `$1`-style parameters. */
export interface SqlStatement {
  text: string;
  values?: readonly unknown[];
}

/** The rows of each statement of a batch, in order. */
export type BatchRows<T extends readonly unknown[]> = { [K in keyof T]: T[K][] };

/** Plain SQL in a trust's transaction. */
export interface TrustSql {
  /** One statement, one round trip (the first also carries BEGIN and the settings). */
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /**
   * Several statements in one round trip (pipelined): they run one after another in the
   * transaction, each with its own snapshot taken when the one before it has finished, so a
   * statement after one that waited for a lock sees what was committed while it waited. If
   * one fails, those after it fail too and the first error is thrown.
   */
  batch<T extends readonly unknown[]>(statements: { [K in keyof T]: SqlStatement }): Promise<BatchRows<T>>;
  /** The transaction's last statements and its COMMIT in one round trip; nothing may be sent after it. */
  commitWith<T extends readonly unknown[]>(statements: { [K in keyof T]: SqlStatement }): Promise<BatchRows<T>>;
}

/**
 * A transaction in one trust on a connection of the ORM's own pool, without the ORM: the
 * same role and trust settings as `TenantDatabase.inTrust` (so row-level security and
 * the role's grants apply exactly as they do there), BEGIN and the settings sent with the
 * first statements. For hot paths whose few statements the ORM's unit of work costs more
 * than it gives.
 */
export async function runInTrustSql<T>(pool: pg.Pool, trust: ActiveTrust, report: (sql: string) => void, work: (sql: TrustSql) => Promise<T>): Promise<T> {
  return runSql(pool, { begin: 'begin', writable: trust.trustId, readable: [trust.trustId] }, report, (sql) => tenantContext.run(trust, () => work(sql)));
}

/**
 * `TenantDatabase.acrossTrusts` without the ORM: a read-only transaction that reads the
 * named trusts and may write none, BEGIN and the settings sent with the first statements.
 */
export async function runAcrossTrustsSql<T>(pool: pg.Pool, trustIds: readonly string[], report: (sql: string) => void, work: (sql: TrustSql) => Promise<T>): Promise<T> {
  return runSql(pool, { begin: 'begin read only', writable: '', readable: trustIds }, report, work);
}

/**
 * The trust ids are checked to be UUIDs by the caller, so they can be written into the text.
 * BEGIN and the settings are not sent on their own: they go with the transaction's first
 * statements, and its last statements go with COMMIT, so a short transaction costs as few
 * round trips as it has steps that wait for an answer (pipelining: node-pg's `pipeline`
 * mode on the checked-out connection for that round trip, the messages written at once).
 */
async function runSql<T>(pool: pg.Pool, scope: { begin: string; writable: string; readable: readonly string[] }, report: (sql: string) => void, work: (sql: TrustSql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  const settings = `select set_config('role', '${APP_ROLE}', true), set_config('${TRUST_SETTING}', '${scope.writable}', true), set_config('${READABLE_TRUSTS_SETTING}', '${scope.readable.join(',')}', true)`;
  let begun = false;
  let ended = false;
  // one round trip at a time on the connection, even if the work starts several at once
  let previous: Promise<unknown> = Promise.resolve();
  const send = (statements: readonly SqlStatement[], commit: boolean): Promise<unknown[][]> => {
    const next = previous.then(() => sendNow(statements, commit));
    previous = next.catch(() => undefined);
    return next;
  };
  const sendNow = async (statements: readonly SqlStatement[], commit: boolean): Promise<unknown[][]> => {
    if (ended) throw new Error('The transaction has already been committed');
    const texts: SqlStatement[] = [];
    if (!begun) {
      report(scope.begin);
      report(settings);
      texts.push({ text: `${scope.begin}; ${settings}` });
      begun = true;
    }
    const first = texts.length;
    for (const statement of statements) report(statement.text);
    texts.push(...statements);
    if (commit) {
      report('commit');
      texts.push({ text: 'commit' });
      ended = true;
    }
    const results = await pipelined(client, texts);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.slice(first, first + statements.length).map((r) => (r as PromiseFulfilledResult<pg.QueryResult>).value.rows);
  };
  const sql: TrustSql = {
    async query<R>(text: string, values?: readonly unknown[]): Promise<R[]> {
      const [rows] = await send([{ text, values }], false);
      return rows as R[];
    },
    batch: (statements) => send(statements, false) as never,
    commitWith: (statements) => send(statements, true) as never,
  };
  try {
    const result = await work(sql);
    if (begun && !ended) await send([], true);
    return result;
  } catch (error) {
    await previous; // nothing still on the wire when the connection goes back
    // a COMMIT that was sent ended the transaction either way (PostgreSQL answers it with ROLLBACK after an error)
    if (begun && !ended) {
      try {
        report('rollback');
        await client.query('rollback');
      } catch {
        broken = true;
      }
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

interface PipelinedClient {
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
}

/**
 * Sends the statements without waiting for each answer, written to the socket in one go, and
 * waits for every answer (each settles, so the connection is idle again before anything else
 * is sent on it). One statement goes the ordinary way.
 */
async function pipelined(client: pg.PoolClient, statements: readonly SqlStatement[]): Promise<PromiseSettledResult<pg.QueryResult>[]> {
  if (statements.length === 1) {
    const [{ text, values }] = statements;
    return Promise.allSettled([client.query(text, values as unknown[] | undefined)]);
  }
  const raw = client as unknown as PipelinedClient;
  raw.pipeline = true;
  raw.connection.stream.cork();
  let sent: Promise<pg.QueryResult>[];
  try {
    sent = statements.map(({ text, values }) => client.query(text, values as unknown[] | undefined));
  } finally {
    raw.connection.stream.uncork();
  }
  try {
    return await Promise.allSettled(sent);
  } finally {
    raw.pipeline = false;
  }
}

/** A unique constraint refused the row (PostgreSQL's 23505), e.g. an idempotency key used twice at once. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (!constraint || e.constraint === constraint);
}
