import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FEATURE_FLAGS, FEATURE_FLAG_DEFAULTS, type AuditAction, type FeatureFlag } from '@vv/contracts';
import type { TenantDatabase } from '@vv/platform/database';
import {
  Hospital,
  Trust,
  TrustFeatureFlag,
  TrustGroup,
  sameValue,
  Ward,
  wardColumns,
  WardFeatureFlag,
  type HospitalConfig,
  type TenantConfig,
  type WardConfig,
} from '@vv/domain/trusts';
import { audit, AuditEvent, PlatformAuditEvent } from '@vv/domain/audit';
import { BadUserInputError, ConflictError } from '@vv/contracts';

/** One difference between a trust's configuration and the database. Values are settings, never personal data. */
export interface ConfigChange {
  readonly trust: string;
  readonly action: 'create' | 'update' | 'archive' | 'remove';
  readonly target: string;
  readonly field?: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

export interface ApplyResult {
  readonly trustId: string;
  readonly changes: readonly ConfigChange[];
}

type Step = { change: ConfigChange; apply?: (em: EntityManager) => void };

/** What a sync records when it writes a trust's configuration, or finds the document agreeing with the database. */
const SYNC_ACTIONS: AuditAction[] = ['trust.onboarded', 'trust.configuration_updated', 'trust.configuration_in_sync'];

/**
 * Changes made to a trust's configuration through the API (each audited with the person who
 * made it). One made after the trust's last sync means the database holds something its
 * document does not: the sync leaves that trust alone until the two agree, or it is forced.
 */
export const API_CONFIGURATION_ACTIONS: readonly AuditAction[] = [
  'trust.onboarded',
  'trust.configuration_updated',
  'trust.branding_updated',
  'trust.retention_updated',
  'trust.flag_set',
  'trust.video_settings_updated',
  'trust.messaging_settings_updated',
  'hospital.created',
  'hospital.renamed',
  'hospital.archived',
  'ward.created',
  'ward.updated',
  'ward.archived',
  'ward.flag_set',
];
/** Platform-level changes to a trust through the API (its status, its group), recorded in the platform audit. */
const API_TRUST_STATUS_ACTIONS: readonly AuditAction[] = ['trust.status_active', 'trust.status_suspended', 'trust.status_archived', 'trust.group_changed'];

/**
 * Brings one trust's configuration in the database to match its document, in one
 * transaction, idempotently: a second run finds nothing to change. A dry run computes
 * the same changes and writes nothing. Wards and hospitals that leave the document are
 * archived or kept, never deleted: visits and history hang on them.
 */
export class TrustConfigurationService {
  constructor(private readonly db: TenantDatabase) {}

  /**
   * `onlyNew` refuses a trust that already exists (onboarding through the API); `alsoInTransaction`
   * runs more work in the same transaction (e.g. inviting the first admin), so all of it commits or none.
   */
  async apply(
    config: TenantConfig,
    options: {
      dryRun: boolean;
      actorStaffId?: string | null;
      onlyNew?: boolean;
      alsoInTransaction?: (em: EntityManager, trustId: string) => Promise<void>;
      /** Groups an earlier trust of the same run creates: not planned again (a dry run writes none). */
      plannedGroups?: Set<string>;
    },
  ): Promise<ApplyResult> {
    const existing = await this.db.platform((em) => em.findOne(Trust, { odsCode: config.odsCode }));
    if (existing && options.onlyNew) throw new ConflictError(`Trust ${config.odsCode} is already on the platform; change it with its configuration instead`);
    const trustId = existing?.id ?? randomUUID();
    return this.db.inTrust({ trustId, odsCode: config.odsCode }, async (em) => {
      const steps: Step[] = [];
      const trust = await this.planTrust(em, config, trustId, steps, options.onlyNew ?? false, options.plannedGroups);
      await this.planTrustFlags(em, config, trust, steps);
      const hospitals = await em.find(Hospital, {}, { orderBy: { siteCode: 'asc' } });
      const wards = await em.find(Ward, {}, { populate: ['hospital'] });
      const wardFlags = await em.find(WardFeatureFlag, {});
      for (const hospitalConfig of config.hospitals) {
        const hospital = this.planHospital(em, config, hospitalConfig, hospitals, trust, steps);
        for (const wardConfig of hospitalConfig.wards) {
          this.planWard(em, config, hospitalConfig, wardConfig, hospital, wards, wardFlags, trust, steps);
        }
      }
      this.planArchivals(config, hospitals, wards, steps);
      if (!options.dryRun) {
        steps.forEach((step) => step.apply?.(em));
        if (steps.length) {
          audit.record(em, {
            trustId,
            actorStaffId: options.actorStaffId ?? null,
            action: existing ? 'trust.configuration_updated' : 'trust.onboarded',
            targetType: 'trust',
            targetId: trustId,
            outcome: 'success',
            detail: { changes: steps.length },
          });
        }
        await em.flush();
        await options.alsoInTransaction?.(em, trustId);
        await em.flush();
      }
      return { trustId, changes: steps.map((step) => step.change) };
    });
  }

  /** When the trust was last changed through the API after its last sync; null when the database holds only what syncs wrote. */
  async changedThroughApiSinceSync(odsCode: string): Promise<Date | null> {
    const trust = await this.db.platform((em) => em.findOne(Trust, { odsCode }));
    if (!trust) return null;
    const newest = { orderBy: { record: { occurredAt: 'desc' } }, fields: ['record.occurredAt'] } as const;
    const lastSync = await this.db.inTrust({ trustId: trust.id, odsCode }, (em) =>
      em.findOne(AuditEvent, { record: { action: { $in: SYNC_ACTIONS }, actorStaffId: null } }, newest),
    );
    const since = lastSync ? { occurredAt: { $gt: lastSync.record.occurredAt } } : {};
    const [inTrust, status] = await Promise.all([
      this.db.inTrust({ trustId: trust.id, odsCode }, (em) =>
        em.findOne(AuditEvent, { record: { action: { $in: API_CONFIGURATION_ACTIONS }, actorStaffId: { $ne: null }, ...since } }, newest),
      ),
      this.db.platform((em) =>
        em.findOne(PlatformAuditEvent, { concernsTrustId: trust.id, record: { action: { $in: API_TRUST_STATUS_ACTIONS }, ...since } }, newest),
      ),
    ]);
    const times = [inTrust?.record.occurredAt, status?.record.occurredAt].filter((t): t is Date => !!t);
    return times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null;
  }

  /** Records that a sync found the trust's document agreeing with the database, changes through the API included. */
  async markInSync(trustId: string, odsCode: string): Promise<void> {
    await this.db.inTrust({ trustId, odsCode }, async (em) => {
      audit.record(em, { trustId, actorStaffId: null, action: 'trust.configuration_in_sync', targetType: 'trust', targetId: trustId, outcome: 'success' });
      await em.flush();
    });
  }

  private async planTrust(em: EntityManager, config: TenantConfig, trustId: string, steps: Step[], onlyNew: boolean, plannedGroups?: Set<string>): Promise<Trust> {
    const ods = config.odsCode;
    let group: TrustGroup | null = null;
    if (config.group) {
      group = await em.findOne(TrustGroup, { code: config.group.code });
      if (!group && plannedGroups?.has(config.group.code)) {
        // an earlier trust of this run creates it
      } else if (!group) {
        plannedGroups?.add(config.group.code);
        group = Object.assign(new TrustGroup(), config.group);
        const created = group;
        steps.push({ change: { trust: ods, action: 'create', target: `group ${config.group.code}`, to: config.group.name }, apply: (e) => e.persist(created) });
      } else if (group.name !== config.group.name && onlyNew) {
        // a new trust joins a group; renaming it is for the group's own configuration, not a newcomer's
        throw new BadUserInputError([{ field: 'document.group.name', message: `must be the group's name as it is (${group.name}); a trust joining a group does not rename it` }]);
      } else if (group.name !== config.group.name) {
        const current = group;
        steps.push({
          change: { trust: ods, action: 'update', target: `group ${config.group.code}`, field: 'name', from: group.name, to: config.group.name },
          apply: () => (current.name = config.group!.name),
        });
      }
    }
    const desired = {
      name: config.name,
      status: config.status,
      timeZone: config.timeZone,
      retentionDays: config.retentionDays,
      branding: config.branding,
      identity: config.identity,
      messaging: config.messaging,
      video: config.video,
    };
    let trust = await em.findOne(Trust, { id: trustId });
    if (!trust) {
      trust = Object.assign(new Trust(), { id: trustId, odsCode: ods, ...desired });
      const created = trust;
      created.group = group ? em.getReference(TrustGroup, group.id, { wrapped: true }) : null;
      steps.push({ change: { trust: ods, action: 'create', target: `trust ${ods}`, to: config.name }, apply: (e) => e.persist(created) });
      return trust;
    }
    const current = trust;
    for (const [field, value] of Object.entries(desired) as [keyof typeof desired, unknown][]) {
      if (!sameValue(current[field], value)) {
        steps.push({
          change: { trust: ods, action: 'update', target: `trust ${ods}`, field, from: current[field], to: value },
          apply: () => Object.assign(current, { [field]: value }),
        });
      }
    }
    const currentGroupId = current.group?.id ?? null;
    if (currentGroupId !== (group?.id ?? null)) {
      steps.push({
        change: { trust: ods, action: 'update', target: `trust ${ods}`, field: 'group', from: currentGroupId, to: config.group?.code ?? null },
        apply: (e) => (current.group = group ? e.getReference(TrustGroup, group.id, { wrapped: true }) : null),
      });
    }
    return trust;
  }

  private async planTrustFlags(em: EntityManager, config: TenantConfig, trust: Trust, steps: Step[]): Promise<void> {
    const stored = new Map((await em.find(TrustFeatureFlag, {})).map((row) => [row.flag, row]));
    for (const flag of FEATURE_FLAGS) {
      const enabled = config.featureFlags[flag] ?? FEATURE_FLAG_DEFAULTS[flag];
      const row = stored.get(flag);
      if (!row) {
        steps.push({
          change: { trust: config.odsCode, action: 'create', target: `flag ${flag}`, to: enabled },
          apply: (e) => e.create(TrustFeatureFlag, { trust, flag, enabled }),
        });
      } else if (row.enabled !== enabled) {
        steps.push({
          change: { trust: config.odsCode, action: 'update', target: `flag ${flag}`, from: row.enabled, to: enabled },
          apply: () => (row.enabled = enabled),
        });
      }
    }
  }

  private planHospital(em: EntityManager, config: TenantConfig, hospitalConfig: HospitalConfig, hospitals: Hospital[], trust: Trust, steps: Step[]): Hospital {
    const target = `hospital ${hospitalConfig.siteCode}`;
    const hospital = hospitals.find((h) => h.siteCode === hospitalConfig.siteCode);
    if (!hospital) {
      const created = em
        .getEntityFactory()
        .create(Hospital, { trust, siteCode: hospitalConfig.siteCode, name: hospitalConfig.name, status: hospitalConfig.status }, { newEntity: true, initialized: true });
      steps.push({ change: { trust: config.odsCode, action: 'create', target, to: hospitalConfig.name }, apply: (e) => e.persist(created) });
      return created;
    }
    for (const field of ['name', 'status'] as const) {
      if (hospital[field] !== hospitalConfig[field]) {
        steps.push({
          change: { trust: config.odsCode, action: 'update', target, field, from: hospital[field], to: hospitalConfig[field] },
          apply: () => Object.assign(hospital, { [field]: hospitalConfig[field] }),
        });
      }
    }
    return hospital;
  }

  private planWard(
    em: EntityManager,
    config: TenantConfig,
    hospitalConfig: HospitalConfig,
    wardConfig: WardConfig,
    hospital: Hospital,
    wards: Ward[],
    wardFlags: WardFeatureFlag[],
    trust: Trust,
    steps: Step[],
  ): void {
    const target = `ward ${hospitalConfig.siteCode}/${wardConfig.code}`;
    const desired = wardColumns(wardConfig);
    let ward = wards.find((w) => w.hospital.unwrap().id === hospital.id && w.code === wardConfig.code);
    if (!ward) {
      ward = em.getEntityFactory().create(Ward, { trust, hospital, code: wardConfig.code, ...desired }, { newEntity: true, initialized: true });
      const created = ward;
      steps.push({ change: { trust: config.odsCode, action: 'create', target, to: wardConfig.name }, apply: (e) => e.persist(created) });
    } else {
      const current = ward;
      for (const [field, value] of Object.entries(desired) as [keyof typeof desired, unknown][]) {
        if (!sameValue(current[field], value)) {
          steps.push({
            change: { trust: config.odsCode, action: 'update', target, field, from: current[field], to: value },
            apply: () => Object.assign(current, { [field]: value }),
          });
        }
      }
    }
    const wardRef = ward;
    const overrides = wardFlags.filter((row) => row.ward.unwrap().id === wardRef.id);
    for (const [flag, enabled] of Object.entries(wardConfig.featureFlags) as [FeatureFlag, boolean][]) {
      const row = overrides.find((o) => o.flag === flag);
      if (!row) {
        steps.push({
          change: { trust: config.odsCode, action: 'create', target: `${target} flag ${flag}`, to: enabled },
          apply: (e) => e.create(WardFeatureFlag, { trust, ward: wardRef, flag, enabled }),
        });
      } else if (row.enabled !== enabled) {
        steps.push({
          change: { trust: config.odsCode, action: 'update', target: `${target} flag ${flag}`, from: row.enabled, to: enabled },
          apply: () => (row.enabled = enabled),
        });
      }
    }
    for (const row of overrides.filter((o) => !(o.flag in wardConfig.featureFlags))) {
      steps.push({
        change: { trust: config.odsCode, action: 'remove', target: `${target} flag ${row.flag}`, from: row.enabled },
        apply: (e) => e.remove(row),
      });
    }
  }

  /**
   * A ward that left the document is archived: it takes no bookings and keeps its history. So
   * is a hospital that left it, as the API would once its wards are: all of them left with it.
   */
  private planArchivals(config: TenantConfig, hospitals: Hospital[], wards: Ward[], steps: Step[]): void {
    const sites = new Set(config.hospitals.map((h) => h.siteCode));
    for (const hospital of hospitals.filter((h) => !sites.has(h.siteCode) && h.status !== 'archived')) {
      steps.push({
        change: { trust: config.odsCode, action: 'archive', target: `hospital ${hospital.siteCode}`, from: hospital.status, to: 'archived' },
        apply: () => (hospital.status = 'archived'),
      });
    }
    const listed = new Set(config.hospitals.flatMap((h) => h.wards.map((w) => `${h.siteCode}/${w.code}`)));
    for (const ward of wards) {
      const key = `${ward.hospital.getEntity().siteCode}/${ward.code}`;
      if (!listed.has(key) && ward.status !== 'archived') {
        steps.push({
          change: { trust: config.odsCode, action: 'archive', target: `ward ${key}`, from: ward.status, to: 'archived' },
          apply: () => (ward.status = 'archived'),
        });
      }
    }
  }
}
