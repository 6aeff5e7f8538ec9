import { Embeddable, Embedded, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { APPEND_ONLY_TRIGGERS } from '@vv/platform/database';
import { TrustOwned } from '@vv/domain/trusts';
import { AUDIT_OUTCOMES, type AuditAction, type AuditOutcome, type AuditRecordKind } from '@vv/contracts';

export { AUDIT_OUTCOMES, type AuditOutcome };

/** What every audit record says: who did what to which record, from which request, with what outcome. Ids only. */
@Embeddable()
export class AuditRecord {
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  occurredAt: Opt<Date> = new Date();

  @Property({ type: 'uuid', nullable: true })
  actorStaffId?: string | null;

  @Property({ type: 'string', length: 80 })
  action!: AuditAction;

  @Property({ type: 'string', length: 40 })
  targetType!: AuditRecordKind;

  @Property({ type: 'string', length: 80, nullable: true })
  targetId?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  requestId?: string | null;

  @Enum({ items: () => [...AUDIT_OUTCOMES], type: 'string' })
  outcome!: AuditOutcome;

  /** Record ids and counts only; never personal data values. */
  @Property({ type: 'json', nullable: true })
  detail?: Record<string, string | number | boolean | null> | null;
}

/** Append-only audit of everything done in a trust. */
@Entity({ tableName: 'audit_event', triggers: APPEND_ONLY_TRIGGERS })
@Index({ properties: ['trust', 'record.occurredAt'] })
export class AuditEvent extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'id'];

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Embedded(() => AuditRecord, { prefix: false })
  record!: AuditRecord;
}

/** Append-only audit of platform-level actions that belong to no single trust. */
@Entity({ tableName: 'platform_audit_event', triggers: APPEND_ONLY_TRIGGERS })
export class PlatformAuditEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The trust a platform action concerned, if any (e.g. the trust being onboarded). Not a tenant key. */
  @Property({ type: 'uuid', nullable: true })
  concernsTrustId?: string | null;

  @Embedded(() => AuditRecord, { prefix: false })
  record!: AuditRecord;
}
