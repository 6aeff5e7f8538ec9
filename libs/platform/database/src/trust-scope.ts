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

// Each setting is read in a sub-select, so PostgreSQL evaluates it once per statement (an
// initplan) instead of once per row: a group report over a million rows parses the list once.
// (the outer cast keeps PostgreSQL from reading `any ((select ...))` as a subquery of rows; it costs nothing)
// (named columns, so the expressions read back from the catalogue compare equal to these and
// the ORM's schema comparison sees no drift)
const readableTrusts = `((select string_to_array(nullif(current_setting('${READABLE_TRUSTS_SETTING}', true), ''), ',')::uuid[] as readable_trusts))::uuid[]`;
const writableTrust = `(select nullif(current_setting('${TRUST_SETTING}', true), '')::uuid as writable_trust)`;

const column = (columns: Record<string, string>) => columns.trust ?? 'trust_id';
const readable = (columns: Record<string, string>) => `${column(columns)} = any (${readableTrusts})`;
const writable = (columns: Record<string, string>) => `${column(columns)} = ${writableTrust}`;

/**
 * Policies every trust-owned table carries, one per command, so a read is checked by the
 * read policy alone (a write policy never widens or slows a SELECT). With no setting there
 * is no match, so "no tenant" means "no rows", never "all rows". The catalogue test in the
 * isolation suite checks every table carries exactly these.
 */
export const TRUST_POLICIES: PolicyDef[] = [
  { name: 'trust_read', command: 'select', using: readable },
  { name: 'trust_insert', command: 'insert', check: writable },
  { name: 'trust_update', command: 'update', using: writable, check: writable },
  { name: 'trust_delete', command: 'delete', using: writable },
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
