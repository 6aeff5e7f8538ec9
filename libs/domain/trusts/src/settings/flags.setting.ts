import { z } from 'zod';
import { featureFlagProblem, FEATURE_FLAGS, type FeatureFlag } from '@vv/contracts';

/** A trust's defaults, or a ward's overrides: flag name → enabled, only flags the product offers. */
export const flagsSetting = z
  .record(z.string(), z.boolean())
  .superRefine((flags, ctx) => {
    for (const flag of Object.keys(flags)) {
      const problem = featureFlagProblem(flag);
      if (problem) ctx.addIssue({ code: 'custom', path: [flag], message: problem });
    }
  })
  .transform((flags) => flags as Partial<Record<FeatureFlag, boolean>>)
  .default({});

export type FlagsSetting = z.output<typeof flagsSetting>;

/**
 * Stored flag rows as a setting, in the product's order. A row for a flag that is not available
 * (one stored before it was withdrawn as "not yet available") is left out: it does nothing, and
 * a document naming it would be refused.
 */
export function flagsFromRows(rows: readonly { flag: string; enabled: boolean }[]): FlagsSetting {
  return Object.fromEntries(FEATURE_FLAGS.flatMap((flag) => rows.filter((row) => row.flag === flag).map((row) => [flag, row.enabled])));
}
