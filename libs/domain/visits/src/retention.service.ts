import { Inject, Injectable } from '@nestjs/common';
import { TenantDatabase } from '@vv/platform/database';
import type { ActiveTrust } from '@vv/platform/tenancy';
import { Trust } from '@vv/domain/trusts';
import { audit } from '@vv/domain/audit';
import { Visit } from './visit.entity';
import { VISIT_SETTINGS, type VisitSettings } from './visit-settings';
import { ENDED_VISIT_STATUSES } from './visit-transitions';

const BATCH = 1000;

/**
 * Erases the patient's and key contact's details from visits that ended more than the
 * trust's retention period ago; the visit, its times, status and history stay, so the
 * statistics do not change. Running it twice erases nothing more; each run is audited.
 */
@Injectable()
export class RetentionService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(VISIT_SETTINGS) private readonly settings: VisitSettings,
  ) {}

  async eraseExpired(trust: ActiveTrust): Promise<number> {
    let total = 0;
    for (;;) {
      const erased = await this.db.inTrust(trust, async (em) => {
        const row = await em.findOneOrFail(Trust, { id: trust.trustId });
        const cutoff = new Date(this.settings.now().getTime() - row.retentionDays * 86_400_000);
        const due = await em.find(
          Visit,
          {
            personalDataErasedAt: null,
            status: { $in: [...ENDED_VISIT_STATUSES] },
            $or: [{ endedAt: { $lt: cutoff } }, { endedAt: null, scheduledEnd: { $lt: cutoff } }],
          },
          { limit: BATCH, fields: ['id', 'trust', 'status', 'version'] as never },
        );
        if (!due.length) return 0;
        const erasedAt = this.settings.now();
        await em.nativeUpdate(
          Visit,
          { id: { $in: due.map((v) => v.id) } },
          { patientName: null, contactName: null, contactMobile: null, contactEmail: null, cancelReason: null, personalDataErasedAt: erasedAt },
        );
        audit.record(em, { trustId: trust.trustId, action: 'visit.personal_data_erased', targetType: 'visit_batch', outcome: 'success', detail: { visits: due.length, retentionDays: row.retentionDays } });
        return due.length;
      });
      total += erased;
      if (erased < BATCH) return total;
    }
  }
}
