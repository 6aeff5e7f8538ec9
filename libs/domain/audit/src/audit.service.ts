import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditAction, AuditRecordKind } from '@vv/contracts';
import { orderedUuid, type TrustSql } from '@vv/platform/database';
import { logContext } from '@vv/platform/logger';
import { AuditEvent, AuditRecord, PlatformAuditEvent, type AuditOutcome } from './audit-event.entity';

export interface AuditEntry {
  /** The trust the action happened in; absent for platform-level actions. */
  trustId?: string;
  /** For platform actions: the trust concerned, if any. */
  concernsTrustId?: string;
  actorStaffId?: string | null;
  action: AuditAction;
  targetType: AuditRecordKind;
  targetId?: string | null;
  outcome: AuditOutcome;
  /** Ids and counts only. */
  detail?: Record<string, string | number | boolean | null>;
  /** When it happened, by the platform's clock (the one tests move); the process clock when absent. */
  at?: Date;
}

/** An audit record as the columns of its row, for the paths that write plain SQL. */
export interface AuditRow {
  id: string;
  occurredAt: Date;
  actorStaffId: string | null;
  action: AuditAction;
  targetType: AuditRecordKind;
  targetId: string | null;
  requestId: string | null;
  outcome: AuditOutcome;
  detail: Record<string, string | number | boolean | null> | null;
}

/** The row an audit entry is written as; the request id comes from the log context. */
export function auditRow(entry: AuditEntry): AuditRow {
  return {
    id: orderedUuid(), // records of one instant read newest first in the order they were written
    occurredAt: entry.at ?? new Date(),
    actorStaffId: entry.actorStaffId ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    requestId: logContext.current().requestId ?? null,
    outcome: entry.outcome,
    detail: entry.detail ?? null,
  };
}

/**
 * Writes audit records into the caller's transaction, so a change and its audit record
 * commit or roll back together. The request id comes from the log context.
 */
export const audit = {
  record(em: EntityManager, entry: AuditEntry): void {
    const { id, ...fields } = auditRow(entry);
    const record = Object.assign(new AuditRecord(), fields);
    if (entry.trustId) {
      em.create(AuditEvent, { id, trust: entry.trustId, record });
    } else {
      em.create(PlatformAuditEvent, { id, concernsTrustId: entry.concernsTrustId ?? null, record });
    }
  },
};

/** Writes a trust's audit record on a plain-SQL path, in that path's transaction. */
export async function writeAuditRow(sql: TrustSql, trustId: string, row: AuditRow): Promise<void> {
  await sql.query(
    'insert into audit_event (trust_id, id, occurred_at, actor_staff_id, action, target_type, target_id, request_id, outcome, detail) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
    [trustId, row.id, row.occurredAt, row.actorStaffId, row.action, row.targetType, row.targetId, row.requestId, row.outcome, row.detail === null ? null : JSON.stringify(row.detail)],
  );
}
