import type pg from 'pg';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { tenantContext, type ActiveTrust } from '@vv/platform/tenancy';
import { APP_ROLE } from './app-role';
import { READABLE_TRUSTS_SETTING, TRUST_FILTER, TRUST_SETTING } from './trust-scope';
import { runAcrossTrustsSql, runInTrustSql, type TrustSql } from './trust-sql';

/**
 * The only ways code reaches the database. Each opens one transaction that switches to
 * the application role (which owns no table and cannot bypass row-level security) and
 * sets the trust settings the policies read:
 *
 * - `inTrust`: an ordinary request or job, reading and writing one trust's rows.
 * - `acrossTrusts`: the one reviewed path for group and platform reporting; reads only,
 *   and only the trusts it names.
 * - `platform`: platform tables (trust registry, groups, staff identities); every
 *   trust-owned table reads as empty here.
 * - `inTrustSql`, `acrossTrustsSql`: the same without the ORM, for the few hot paths
 *   written as plain SQL.
 */
export class TenantDatabase {
  private pool?: pg.Pool;

  constructor(private readonly orm: MikroORM) {}

  /**
   * One trust's transaction as plain SQL on the ORM's own pool: the same role and settings as
   * `inTrust` (so row-level security and the role's grants apply alike), BEGIN and the
   * settings sent with the first statements and COMMIT with the last (see `TrustSql`),
   * every statement told to the ORM's query listener.
   */
  async inTrustSql<T>(trust: ActiveTrust, work: (sql: TrustSql) => Promise<T>): Promise<T> {
    assertUuid(trust.trustId);
    const logger = this.orm.config.getLogger();
    return runInTrustSql(await this.nativePool(), trust, (query) => logger.logQuery({ query }), work);
  }

  /** `acrossTrusts` as plain SQL on the ORM's own pool: reads the named trusts only, writes nothing. */
  async acrossTrustsSql<T>(trustIds: readonly string[], work: (sql: TrustSql) => Promise<T>): Promise<T> {
    trustIds.forEach(assertUuid);
    if (trustIds.length === 0) throw new Error('acrossTrustsSql needs at least one trust');
    const logger = this.orm.config.getLogger();
    return runAcrossTrustsSql(await this.nativePool(), trustIds, (query) => logger.logQuery({ query }), work);
  }

  private async nativePool(): Promise<pg.Pool> {
    this.pool ??= await (this.orm.em.getConnection() as unknown as { getNativeClient(): Promise<pg.Pool> }).getNativeClient();
    return this.pool;
  }

  async inTrust<T>(trust: ActiveTrust, work: (em: EntityManager) => Promise<T>): Promise<T> {
    assertUuid(trust.trustId);
    const em = this.fork({ [TRUST_SETTING]: trust.trustId, [READABLE_TRUSTS_SETTING]: trust.trustId });
    em.setFilterParams(TRUST_FILTER, { trustIds: [trust.trustId] });
    return tenantContext.run(trust, () => em.transactional((tx) => work(tx as EntityManager)));
  }

  /** Reads across the named trusts, e.g. a group's members for a group report. Writes are refused by the database. */
  async acrossTrusts<T>(trustIds: readonly string[], work: (em: EntityManager) => Promise<T>): Promise<T> {
    trustIds.forEach(assertUuid);
    if (trustIds.length === 0) throw new Error('acrossTrusts needs at least one trust');
    const em = this.fork({ [TRUST_SETTING]: '', [READABLE_TRUSTS_SETTING]: trustIds.join(',') });
    em.setFilterParams(TRUST_FILTER, { trustIds: [...trustIds] });
    return em.transactional((tx) => work(tx as EntityManager), { readOnly: true });
  }

  async platform<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const em = this.fork({ [TRUST_SETTING]: '', [READABLE_TRUSTS_SETTING]: '' });
    return em.transactional((tx) => work(tx as EntityManager));
  }

  private fork(variables: Record<string, string>): EntityManager {
    return this.orm.em.fork({ clear: true, session: { role: APP_ROLE, variables } }) as EntityManager;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function assertUuid(value: string): void {
  if (!UUID.test(value)) throw new Error('A trust id must be a UUID');
}
