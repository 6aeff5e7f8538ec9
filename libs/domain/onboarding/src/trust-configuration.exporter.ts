import type { EntityManager } from '@mikro-orm/postgresql';
import { stringify } from 'yaml';
import { flagsFromRows, Hospital, Trust, TrustFeatureFlag, Ward, wardDocument, WardFeatureFlag, type TenantDocument } from '@vv/domain/trusts';

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
  const document: TenantDocument = {
    odsCode: trust.odsCode,
    name: trust.name,
    ...(group ? { group: { code: group.code, name: group.name } } : {}),
    status: trust.status,
    timeZone: trust.timeZone as TenantDocument['timeZone'],
    retentionDays: trust.retentionDays,
    branding: trust.branding,
    identity: trust.identity,
    messaging: trust.messaging,
    video: trust.video,
    featureFlags: flagsFromRows(trustFlags),
    hospitals: hospitals.map((hospital) => ({
      siteCode: hospital.siteCode,
      name: hospital.name,
      status: hospital.status,
      wards: wards
        .filter((ward) => ward.hospital.unwrap().id === hospital.id)
        .map((ward) => wardDocument(ward, flagsFromRows(wardFlags.filter((f) => f.ward.unwrap().id === ward.id)))),
    })),
  };
  return `# ${trust.name}: exported from the platform. Secrets are named by environment variable, never written here.\n${stringify(document)}`;
}
