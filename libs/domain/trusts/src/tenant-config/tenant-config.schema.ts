import { z } from 'zod';
import { dayRangesProblems, featureFlagProblem, type FeatureFlag, HOSPITAL_STATUSES, MESSAGE_KINDS, TRUST_STATUSES, VIDEO_PROVIDERS, visibleText, WARD_STATUSES, WEEKDAYS } from '@vv/contracts';
import { publicUrlProblem, placeNameProblem, primaryColourProblem, videoSettingsProblems } from '../trust-settings.rules';

/**
 * The document a trust's configuration is written in, both in `tenants/<ODS>/trust.yaml`
 * and (later) through the onboarding API. Secrets are never values here: only the
 * names of environment variables that hold them.
 */

const odsCode = z.string().regex(/^[A-Z0-9]{3,5}$/, 'must be an ODS code of 3 to 5 capital letters or digits');
const siteCode = z.string().regex(/^[A-Z0-9]{3,9}$/, 'must be an ODS site code of 3 to 9 capital letters or digits');
const wardCode = z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, 'must be 1 to 20 capital letters, digits or dashes');
/** The same rules as the trust admin API: one of each, in trust-settings.rules.ts. */
const checked = (rule: (value: string) => string | null) => (value: string, ctx: z.RefinementCtx) => {
  const problem = rule(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};
const name = z.string().superRefine(checked(placeNameProblem)).transform(visibleText);
const envVarName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{2,63}$/, 'must be the NAME of an environment variable (capitals, digits, underscores), never the secret itself');
const hexColour = z.string().superRefine(checked(primaryColourProblem));
const ukPhone = z.string().regex(/^(\+44\s?|0)[0-9 ]{9,13}$/, 'must be a UK phone number');
const timeRange = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$/, 'must be a range like 10:00-20:00')
  .refine((range) => !range.endsWith('24:') && (!range.includes('-24:') || range.endsWith('-24:00')), 'may end at 24:00 but not later')
  .refine((range) => {
    const [from, to] = range.split('-');
    return from < to;
  }, 'must end after it starts');
const domain = z.string().regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a lower-case email domain like nhs.net');

const featureFlags = z
  .record(z.string(), z.boolean())
  .superRefine((flags, ctx) => {
    for (const flag of Object.keys(flags)) {
      const problem = featureFlagProblem(flag);
      if (problem) ctx.addIssue({ code: 'custom', path: [flag], message: problem });
    }
  })
  .transform((flags) => flags as Partial<Record<FeatureFlag, boolean>>)
  .default({});

const dayRanges = z.array(timeRange).superRefine((ranges, ctx) => {
  for (const problem of dayRangesProblems(ranges)) ctx.addIssue({ code: 'custom', path: [problem.index], message: problem.message });
});
const visitingHoursShape = Object.fromEntries(WEEKDAYS.map((day) => [day, dayRanges.optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<typeof dayRanges>>;
const visitingHours = z
  .object({ everyDay: dayRanges.optional(), ...visitingHoursShape })
  .strict()
  .refine((hours) => Object.values(hours).some((ranges) => ranges !== undefined), 'must name at least one day or everyDay');

export const wardConfigSchema = z
  .object({
    code: wardCode,
    name,
    status: z.enum(WARD_STATUSES).default('active'),
    visitingHours,
    defaultVisitMinutes: z.number().int().min(5).max(240),
    maxConcurrentVisits: z.number().int().min(1).max(50),
    featureFlags,
  })
  .strict();

/** An archived hospital keeps only archived wards (the API archives one only once its wards are); an active one needs a ward. */
export const hospitalConfigSchema = z
  .object({
    siteCode,
    name,
    status: z.enum(HOSPITAL_STATUSES).default('active'),
    wards: z.array(wardConfigSchema),
  })
  .strict()
  .superRefine((hospital, ctx) => {
    if (hospital.status === 'active' && !hospital.wards.length) ctx.addIssue({ code: 'custom', path: ['wards'], message: 'a hospital needs at least one ward' });
    if (hospital.status !== 'archived') return;
    hospital.wards.forEach((ward, w) => {
      if (ward.status !== 'archived') ctx.addIssue({ code: 'custom', path: ['wards', w, 'status'], message: 'must be archived: its hospital is archived' });
    });
  });

const templateIds = z
  .object({ sms: z.uuid('must be a Notify template id (UUID)').optional(), email: z.uuid('must be a Notify template id (UUID)').optional() })
  .strict();

export const messagingConfigSchema = z
  .object({
    notifyApiKeyEnv: envVarName,
    callbackTokenEnv: envVarName,
    smsSenderId: z.uuid().optional(),
    emailReplyToId: z.uuid().optional(),
    reminderMinutesBefore: z.number().int().min(15).max(2880).default(120),
    templates: z.partialRecord(z.enum(MESSAGE_KINDS), templateIds).default({}),
  })
  .strict();

export const videoConfigSchema = z
  .object({
    provider: z.enum(VIDEO_PROVIDERS),
    baseUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
    secretEnv: envVarName,
    graceMinutesAfterSlot: z.number().int().min(0).max(120).default(15),
  })
  .strict()
  .superRefine((video, ctx) => {
    // the secret lives in the environment: its own check runs where it is read
    for (const problem of videoSettingsProblems({ provider: video.provider, baseUrl: video.baseUrl })) {
      ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    }
  });

export const tenantConfigSchema = z
  .object({
    odsCode,
    name,
    group: z.object({ code: z.string().regex(/^[A-Z0-9]{2,10}$/, 'must be 2 to 10 capital letters or digits'), name }).strict().optional(),
    status: z.enum(TRUST_STATUSES).default('active'),
    timeZone: z.literal('Europe/London').default('Europe/London'),
    retentionDays: z.number().int().min(1).max(3650),
    branding: z
      .object({
        displayName: name,
        logoUrl: z.string().superRefine(checked(publicUrlProblem)).optional(),
        primaryColour: hexColour.default('#005EB8'),
        contactPhone: ukPhone,
        accessibilityStatementUrl: z.string().superRefine(checked(publicUrlProblem)).optional(),
        privacyNoticeUrl: z.string().superRefine(checked(publicUrlProblem)).optional(),
      })
      .strict(),
    identity: z
      .object({
        acceptedTenantIds: z.array(z.uuid('must be an Entra tenant id (UUID)')).min(1, 'list at least one Entra tenant id'),
        inviteEmailDomains: z.array(domain).min(1, 'list at least one email domain'),
      })
      .strict(),
    messaging: messagingConfigSchema,
    video: videoConfigSchema,
    featureFlags,
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
export type HospitalConfig = TenantConfig['hospitals'][number];
export type WardConfig = HospitalConfig['wards'][number];

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
  const result = tenantConfigSchema.safeParse(document);
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
