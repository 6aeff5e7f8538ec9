import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError } from '@vv/contracts';
import type { Caller } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { Trust } from '@vv/domain/trusts';
import type { PlatformTrustObject } from './dto/platform.object';

interface TrustCounts {
  trust_id: string;
  wards: string | number;
  staff: string | number;
  last_activity_at: Date | string | null;
}

/**
 * The central team's view of the platform: every trust with its status, group and counts.
 * Counts are read through `TenantDatabase.acrossTrusts` (read-only, the trusts it names),
 * as aggregates: no person's details are read.
 */
@Injectable()
export class PlatformService {
  constructor(@Inject(TenantDatabase) private readonly db: TenantDatabase) {}

  async trusts(caller: Caller): Promise<PlatformTrustObject[]> {
    if (!caller.ability.can('onboard', 'Trust')) throw new ForbiddenError('Only the central team sees every trust');
    const trusts = await this.db.platform((em) => em.find(Trust, {}, { populate: ['group'], orderBy: { name: 'asc' } }));
    if (!trusts.length) return [];
    const counts = await this.db.acrossTrusts(
      trusts.map((t) => t.id),
      (em) =>
        em.getConnection().execute<TrustCounts[]>(
          `select t.trust_id,
                  (select count(*) from ward w where w.trust_id = t.trust_id and w.status <> 'archived') as wards,
                  (select count(distinct r.staff_member_id) from role_assignment r where r.trust_id = t.trust_id) as staff,
                  (select max(a.occurred_at) from audit_event a where a.trust_id = t.trust_id) as last_activity_at
             from unnest(?::uuid[]) as t(trust_id)`,
          [`{${trusts.map((t) => t.id).join(',')}}`],
          'all',
          em.getTransactionContext(),
        ),
    );
    const byTrust = new Map(counts.map((row) => [row.trust_id, row]));
    return trusts.map((trust) => {
      const row = byTrust.get(trust.id);
      const group = trust.group?.getEntity() ?? null;
      return {
        id: trust.id,
        odsCode: trust.odsCode,
        name: trust.name,
        status: trust.status,
        group: group ? { id: group.id, code: group.code, name: group.name } : null,
        wards: Number(row?.wards ?? 0),
        staff: Number(row?.staff ?? 0),
        lastActivityAt: row?.last_activity_at ? new Date(row.last_activity_at) : null,
      };
    });
  }
}
