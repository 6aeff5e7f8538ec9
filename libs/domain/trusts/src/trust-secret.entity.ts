import { Entity, Enum, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt } from '@mikro-orm/core';
import { TrustOwned } from './trust-owned.entity';

export const TRUST_SECRET_NAMES = ['notifyApiKey', 'notifyCallbackToken', 'videoSecret'] as const;
export type TrustSecretName = (typeof TRUST_SECRET_NAMES)[number];

/**
 * A trust's secret set through the API, sealed with the platform's key (AES-256-GCM, the
 * trust and name as associated data). Write-only: nothing ever returns it. When present it
 * is used instead of the environment variable the trust's configuration names.
 */
@Entity({ tableName: 'trust_secret' })
export class TrustSecret extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'name'];

  @Enum({ items: () => [...TRUST_SECRET_NAMES], type: 'string', primary: true })
  name!: TrustSecretName;

  @Property({ type: 'text' })
  sealed!: string;

  @Property({ type: 'uuid', nullable: true })
  updatedByStaffId?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
