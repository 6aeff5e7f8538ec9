import type { PolicyDef } from '@mikro-orm/core';

/**
 * Session settings the row-level security policies read. They are set with
 * `set_config(..., true)`, so they live only as long as the transaction.
 *
 * - `app.trust_id`: the one trust a transaction may write (and read).
 * - `app.trust_ids`: the trusts a transaction may read; equal to `app.trust_id` for an
 *   ordinary request, a named list for the cross-trust reporting path.
 */
export const TRUST_SETTING = 'app.trust_id';
export const READABLE_TRUSTS_SETTING = 'app.trust_ids';

/** Name of the ORM filter that scopes every trust-owned entity to the readable trusts. */
export const TRUST_FILTER = 'trust';

const readableTrusts = `string_to_array(nullif(current_setting('${READABLE_TRUSTS_SETTING}', true), ''), ',')::uuid[]`;
const writableTrust = `nullif(current_setting('${TRUST_SETTING}', true), '')::uuid`;

/**
 * Policies every trust-owned table carries. With no setting there is no match, so
 * "no tenant" means "no rows", never "all rows".
 */
export const TRUST_POLICIES: PolicyDef[] = [
  {
    name: 'trust_read',
    command: 'select',
    using: (columns: Record<string, string>) => `${columns.trust ?? 'trust_id'} = any (${readableTrusts})`,
  },
  {
    name: 'trust_write',
    command: 'all',
    using: (columns: Record<string, string>) => `${columns.trust ?? 'trust_id'} = ${writableTrust}`,
    check: (columns: Record<string, string>) => `${columns.trust ?? 'trust_id'} = ${writableTrust}`,
  },
];

/** Arguments of the trust filter. */
export interface TrustFilterArgs {
  trustIds: string[];
}

export function trustFilterCondition(params: Record<string, unknown> | undefined): Record<string, unknown> {
  const args = params as TrustFilterArgs | undefined;
  if (!args?.trustIds?.length) {
    // a filter without arguments must never widen to "all trusts"
    throw new Error('The trust filter was applied without an active trust');
  }
  return args.trustIds.length === 1 ? { trust: args.trustIds[0] } : { trust: { $in: args.trustIds } };
}
