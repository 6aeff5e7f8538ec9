import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Ref, Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TRUST_STATUSES, type TrustStatus, type VideoProvider } from '@vv/contracts';
import { accessChangeTriggers } from '@vv/platform/database';
import { TrustGroup } from './trust-group.entity';

export interface TrustBranding {
  displayName: string;
  logoUrl?: string;
  primaryColour: string;
  contactPhone: string;
  /** The trust's accessibility statement: linked from the footer of the family's page. */
  accessibilityStatementUrl?: string;
  /** The trust's privacy notice: linked from the footer of the family's page. */
  privacyNoticeUrl?: string;
}

export interface TrustIdentitySettings {
  acceptedTenantIds: string[];
  inviteEmailDomains: string[];
}

/** Messaging settings. Secrets are referenced by environment variable name, never stored. */
export interface TrustMessagingSettings {
  notifyApiKeyEnv: string;
  callbackTokenEnv: string;
  smsSenderId?: string;
  emailReplyToId?: string;
  reminderMinutesBefore: number;
  templates: Record<string, { sms?: string; email?: string }>;
}

export interface TrustVideoSettings {
  provider: VideoProvider;
  baseUrl?: string;
  secretEnv: string;
  graceMinutesAfterSlot: number;
}

/**
 * A tenant: one NHS trust. The registry of trusts is platform-level (a trust's id is
 * the tenant key of everything it owns); what a trust owns lives in trust-owned tables.
 */
@Entity({ tableName: 'trust', triggers: accessChangeTriggers(null) })
export class Trust {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 5, unique: true })
  odsCode!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @ManyToOne(() => TrustGroup, { ref: true, nullable: true, deleteRule: 'restrict' })
  group?: Ref<TrustGroup> | null;

  @Enum({ items: () => [...TRUST_STATUSES], type: 'string', default: 'onboarding' })
  status: Opt<TrustStatus> = 'onboarding';

  @Property({ type: 'string', length: 64, default: 'Europe/London' })
  timeZone: Opt<string> = 'Europe/London';

  @Property({ type: 'integer' })
  retentionDays!: number;

  @Property({ type: 'json' })
  branding!: TrustBranding;

  @Property({ type: 'json' })
  identity!: TrustIdentitySettings;

  @Property({ type: 'json' })
  messaging!: TrustMessagingSettings;

  @Property({ type: 'json' })
  video!: TrustVideoSettings;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
