import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Ref } from '@mikro-orm/core';
import type { FeatureFlag } from '@vv/contracts';
import { TrustOwned } from './trust-owned.entity';
import { Ward } from './ward.entity';

/** A trust's default for one feature flag. */
@Entity({ tableName: 'trust_feature_flag' })
export class TrustFeatureFlag extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'flag'];

  @PrimaryKey({ type: 'string', length: 40 })
  flag!: FeatureFlag;

  @Property({ type: 'boolean' })
  enabled!: boolean;
}

/** A ward's override of its trust's default for one feature flag. */
@Entity({ tableName: 'ward_feature_flag' })
export class WardFeatureFlag extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'ward', 'flag'];

  @ManyToOne(() => Ward, { primary: true, ref: true, joinColumns: ['trust_id', 'ward_id'], deleteRule: 'cascade' })
  ward!: Ref<Ward>;

  @PrimaryKey({ type: 'string', length: 40 })
  flag!: FeatureFlag;

  @Property({ type: 'boolean' })
  enabled!: boolean;
}
