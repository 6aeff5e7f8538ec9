import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Ref, Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TRUST_STATUSES, type TrustStatus } from '@vv/contracts';
import { accessChangeTriggers } from '@vv/platform/database';
import { TrustGroup } from './trust-group.entity';
import type { TrustBranding } from './settings/branding.setting';
import type { TrustIdentitySettings } from './settings/identity.setting';
import type { TrustMessagingSettings } from './settings/messaging.setting';
import type { RetentionDays } from './settings/retention.setting';
import type { TrustVideoSettings } from './settings/video.setting';

/**
 * A tenant: one NHS trust. Its settings' columns hold what each setting's schema (settings/) says. The registry of trusts is platform-level (a trust's id is
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
  retentionDays!: RetentionDays;

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
