import type { EntityManager } from '@mikro-orm/postgresql';
import { logContext } from '@vv/platform/logger';
import { AuditEvent, AuditRecord, PlatformAuditEvent, type AuditOutcome } from './audit-event.entity';

export interface AuditEntry {
  /** The trust the action happened in; absent for platform-level actions. */
  trustId?: string;
  /** For platform actions: the trust concerned, if any. */
  concernsTrustId?: string;
  actorStaffId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  outcome: AuditOutcome;
  /** Ids and counts only. */
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * Writes audit records into the caller's transaction, so a change and its audit record
 * commit or roll back together. The request id comes from the log context.
 */
export const audit = {
  record(em: EntityManager, entry: AuditEntry): void {
    const record = Object.assign(new AuditRecord(), {
      actorStaffId: entry.actorStaffId ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      requestId: logContext.current().requestId ?? null,
      outcome: entry.outcome,
      detail: entry.detail ?? null,
    });
    if (entry.trustId) {
      em.create(AuditEvent, { trust: entry.trustId, record });
    } else {
      em.create(PlatformAuditEvent, { concernsTrustId: entry.concernsTrustId ?? null, record });
    }
  },
};
