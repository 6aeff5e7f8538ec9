import type { EntityManager } from '@mikro-orm/postgresql';
import { FEATURE_FLAG_DEFAULTS, FEATURE_FLAGS, type FeatureFlag } from '@vv/contracts';
import { TrustFeatureFlag, WardFeatureFlag } from './feature-flag.entity';

/**
 * A ward's effective flags: its override, else the trust's default, else the product's.
 * Two statements; call inside the trust's transaction.
 */
export async function effectiveFlags(em: EntityManager, wardId: string): Promise<Record<FeatureFlag, boolean>> {
  const [trustFlags, wardFlags] = await Promise.all([em.find(TrustFeatureFlag, {}), em.find(WardFeatureFlag, { ward: { id: wardId } })]);
  return resolveFlags(Object.fromEntries(trustFlags.map((f) => [f.flag, f.enabled])), Object.fromEntries(wardFlags.map((f) => [f.flag, f.enabled])));
}

/** The effective flags from the trust's and the ward's stored values (flag name → enabled). */
export function resolveFlags(trustValues: Readonly<Record<string, boolean>>, wardValues: Readonly<Record<string, boolean>>): Record<FeatureFlag, boolean> {
  return Object.fromEntries(FEATURE_FLAGS.map((flag) => [flag, wardValues[flag] ?? trustValues[flag] ?? FEATURE_FLAG_DEFAULTS[flag]])) as Record<FeatureFlag, boolean>;
}
