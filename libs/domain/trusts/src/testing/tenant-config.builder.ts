import { randomUUID } from 'node:crypto';
import { parseTenantConfig, type TenantConfig } from '../tenant-config/tenant-config.schema';

/**
 * A complete, valid trust document for tests and benches; `overrides` replace top-level
 * sections. Names carry the given marker so a test can search for them anywhere. Test code
 * only: production code may not import `@vv/domain/trusts/testing` (a lint rule).
 */
export function buildTenantConfig(odsCode: string, marker: string, overrides: Record<string, unknown> = {}): TenantConfig {
  const template = (sms: string, email: string) => ({ sms, email });
  return parseTenantConfig(
    {
      odsCode,
      name: `${marker} NHS Trust`,
      retentionDays: 30,
      branding: { displayName: `${marker} Hospitals`, primaryColour: '#005EB8', contactPhone: '01632 960000' },
      identity: { acceptedTenantIds: [randomUUID()], inviteEmailDomains: ['nhs.net'] },
      messaging: {
        notifyApiKeyEnv: `${odsCode}_NOTIFY_API_KEY`,
        callbackTokenEnv: `${odsCode}_NOTIFY_CALLBACK_TOKEN`,
        templates: { bookingConfirmation: template(randomUUID(), randomUUID()) },
      },
      video: { provider: 'whereby', secretEnv: `${odsCode}_WHEREBY_API_KEY` },
      featureFlags: { rebook: true },
      hospitals: [
        {
          siteCode: `${odsCode}01`,
          name: `${marker} General Hospital`,
          wards: [
            { code: 'ED', name: `${marker} Emergency Department`, visitingHours: { everyDay: ['00:00-24:00'] }, defaultVisitMinutes: 20, maxConcurrentVisits: 3, featureFlags: { unscheduledVisits: true } },
            { code: 'W1', name: `${marker} Ward One`, visitingHours: { everyDay: ['14:00-20:00'] }, defaultVisitMinutes: 30, maxConcurrentVisits: 1 },
          ],
        },
      ],
      ...overrides,
    },
    'test fixture',
  );
}
