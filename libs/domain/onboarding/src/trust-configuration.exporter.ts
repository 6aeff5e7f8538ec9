import type { EntityManager } from '@mikro-orm/postgresql';
import { stringify } from 'yaml';
import { FEATURE_FLAGS, WEEKDAYS, type FeatureFlag } from '@vv/contracts';
import { Hospital, Trust, TrustFeatureFlag, Ward, WardFeatureFlag } from '@vv/domain/trusts';

/**
 * A trust's configuration as it is in the database, in the `tenants/<ODS>/trust.yaml`
 * format, so what runs can be compared with (or become) what is in git.
 */
export async function exportTrustConfiguration(em: EntityManager, trustId: string): Promise<string> {
  const trust = await em.findOneOrFail(Trust, { id: trustId }, { populate: ['group'] });
  const [hospitals, wards, trustFlags, wardFlags] = await Promise.all([
    em.find(Hospital, {}, { orderBy: { siteCode: 'asc' } }),
    em.find(Ward, {}, { populate: ['hospital'], orderBy: { code: 'asc' } }),
    em.find(TrustFeatureFlag, {}),
    em.find(WardFeatureFlag, {}, { populate: ['ward'] }),
  ]);
  const group = trust.group?.getEntity();
  const document = {
    odsCode: trust.odsCode,
    name: trust.name,
    ...(group ? { group: { code: group.code, name: group.name } } : {}),
    status: trust.status,
    timeZone: trust.timeZone,
    retentionDays: trust.retentionDays,
    branding: trust.branding,
    identity: trust.identity,
    messaging: trust.messaging,
    video: trust.video,
    featureFlags: availableFlags(trustFlags),
    hospitals: hospitals.map((hospital) => ({
      siteCode: hospital.siteCode,
      name: hospital.name,
      status: hospital.status,
      wards: wards
        .filter((ward) => ward.hospital.unwrap().id === hospital.id)
        .map((ward) => ({
          code: ward.code,
          name: ward.name,
          status: ward.status,
          visitingHours: compactHours(ward.visitingHours),
          defaultVisitMinutes: ward.defaultVisitMinutes,
          maxConcurrentVisits: ward.maxConcurrentVisits,
          featureFlags: availableFlags(wardFlags.filter((f) => f.ward.unwrap().id === ward.id)),
        })),
    })),
  };
  return `# ${trust.name}: exported from the platform. Secrets are named by environment variable, never written here.\n${stringify(document)}`;
}

/**
 * The stored values of the flags a trust can set, in the product's order. A row for a flag that
 * is not available (one stored before it was withdrawn as "not yet available") is left out: it
 * does nothing, and a document naming it would be refused.
 */
function availableFlags(rows: readonly { flag: string; enabled: boolean }[]): Partial<Record<FeatureFlag, boolean>> {
  return Object.fromEntries(FEATURE_FLAGS.flatMap((flag) => rows.filter((row) => row.flag === flag).map((row) => [flag, row.enabled])));
}

/** Every day the same → everyDay; otherwise the days that have hours. */
function compactHours(hours: Record<string, readonly string[]>): Record<string, string[]> {
  const days = WEEKDAYS.map((day) => JSON.stringify(hours[day] ?? []));
  if (days.every((d) => d === days[0])) return { everyDay: [...(hours.monday ?? [])] };
  return Object.fromEntries(WEEKDAYS.filter((day) => (hours[day] ?? []).length).map((day) => [day, [...hours[day]]]));
}
