import { z } from 'zod';
import { HOSPITAL_STATUSES, TRUST_STATUSES } from '@vv/contracts';
import { brandingSetting } from '../settings/branding.setting';
import { flagsSetting } from '../settings/flags.setting';
import { identitySetting } from '../settings/identity.setting';
import { messagingSetting } from '../settings/messaging.setting';
import { retentionSetting } from '../settings/retention.setting';
import { issueWords, placeName as name } from '../settings/setting-fields';
import { videoSetting } from '../settings/video.setting';
import { wardSetting } from '../settings/ward.setting';

/**
 * The document a trust's configuration is written in, both in `tenants/<ODS>/trust.yaml`
 * and through the onboarding API: the trust's settings, each defined once in settings/.
 * Secrets are never values here: only the names of environment variables that hold them.
 */

const odsCode = z.string().regex(/^[A-Z0-9]{3,5}$/, 'must be an ODS code of 3 to 5 capital letters or digits');
const siteCode = z.string().regex(/^[A-Z0-9]{3,9}$/, 'must be an ODS site code of 3 to 9 capital letters or digits');

/** An archived hospital keeps only archived wards (the API archives one only once its wards are); an active one needs a ward. */
export const hospitalConfigSchema = z
  .object({
    siteCode,
    name,
    status: z.enum(HOSPITAL_STATUSES).default('active'),
    wards: z.array(wardSetting),
  })
  .strict()
  .superRefine((hospital, ctx) => {
    if (hospital.status === 'active' && !hospital.wards.length) ctx.addIssue({ code: 'custom', path: ['wards'], message: 'a hospital needs at least one ward' });
    if (hospital.status !== 'archived') return;
    hospital.wards.forEach((ward, w) => {
      if (ward.status !== 'archived') ctx.addIssue({ code: 'custom', path: ['wards', w, 'status'], message: 'must be archived: its hospital is archived' });
    });
  });

export const tenantConfigSchema = z
  .object({
    odsCode,
    name,
    group: z.object({ code: z.string().regex(/^[A-Z0-9]{2,10}$/, 'must be 2 to 10 capital letters or digits'), name }).strict().optional(),
    status: z.enum(TRUST_STATUSES).default('active'),
    timeZone: z.literal('Europe/London').default('Europe/London'),
    retentionDays: retentionSetting,
    branding: brandingSetting,
    identity: identitySetting,
    messaging: messagingSetting,
    video: videoSetting,
    featureFlags: flagsSetting,
    hospitals: z.array(hospitalConfigSchema).min(1, 'a trust needs at least one hospital'),
  })
  .strict()
  .superRefine((trust, ctx) => {
    const sites = new Set<string>();
    trust.hospitals.forEach((hospital, h) => {
      if (sites.has(hospital.siteCode)) {
        ctx.addIssue({ code: 'custom', path: ['hospitals', h, 'siteCode'], message: `site code ${hospital.siteCode} appears twice` });
      }
      sites.add(hospital.siteCode);
      const wards = new Set<string>();
      hospital.wards.forEach((ward, w) => {
        if (wards.has(ward.code)) {
          ctx.addIssue({ code: 'custom', path: ['hospitals', h, 'wards', w, 'code'], message: `ward code ${ward.code} appears twice in ${hospital.siteCode}` });
        }
        wards.add(ward.code);
      });
    });
  });

export type TenantConfig = z.output<typeof tenantConfigSchema>;
/** A document as written (defaults not yet applied): what the export writes. */
export type TenantDocument = z.input<typeof tenantConfigSchema>;
export type HospitalConfig = TenantConfig['hospitals'][number];
export type WardConfig = HospitalConfig['wards'][number];
/** The site code rule, for the API's createHospital. */
export const hospitalSiteCode = siteCode;

/** One problem in a tenant document: where it is and what is wrong, never the value itself. */
export interface TenantConfigProblem {
  readonly source: string;
  readonly field: string;
  readonly message: string;
}

export class TenantConfigInvalidError extends Error {
  constructor(readonly problems: readonly TenantConfigProblem[]) {
    super(problems.map((p) => `${p.source}: ${p.field}: ${p.message}`).join('\n'));
    this.name = 'TenantConfigInvalidError';
  }
}

/** Validates a parsed document; throws listing every problem with its field path. */
export function parseTenantConfig(document: unknown, source: string): TenantConfig {
  const result = tenantConfigSchema.safeParse(document, { error: issueWords });
  if (!result.success) {
    throw new TenantConfigInvalidError(
      result.error.issues.map((issue) => ({
        source,
        field: issue.path.length ? issue.path.join('.') : '(document)',
        message: issue.message,
      })),
    );
  }
  if (source.includes('/') && !source.includes(`/${result.data.odsCode}/`)) {
    throw new TenantConfigInvalidError([{ source, field: 'odsCode', message: `must match the folder name` }]);
  }
  return result.data;
}
