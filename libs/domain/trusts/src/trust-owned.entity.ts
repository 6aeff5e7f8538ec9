import { Entity, Filter, ManyToOne } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { TRUST_FILTER, TRUST_POLICIES, trustFilterCondition } from '@vv/platform/database';
import { Trust } from './trust.entity';

/**
 * Base of everything a trust owns. `trust_id` leads the primary key and every foreign
 * key (so the schema can be distributed by trust), the ORM filter scopes every query to
 * the active trust, and row-level security forced on the table backs the filter.
 */
@Entity({ abstract: true, rowLevelSecurity: 'force', policies: TRUST_POLICIES })
@Filter({ name: TRUST_FILTER, cond: trustFilterCondition, default: true })
export abstract class TrustOwned {
  @ManyToOne(() => Trust, { primary: true, ref: true, fieldName: 'trust_id', deleteRule: 'restrict' })
  trust!: Ref<Trust>;
}
