import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, ConflictError, FEATURE_FLAG_DEFAULTS, FEATURE_FLAGS, ForbiddenError, isUuid, visibleText, type AuditAction, type AuditRecordKind, type FeatureFlag, type FieldProblem } from '@vv/contracts';
import { assertCan, loadChecked, type Caller, requireActiveTrust } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { shownAs } from '@vv/platform/graphql';
import { createVideoProvider, VideoProviderError, type VideoProvider } from '@vv/platform/video';
import type { ActiveTrust } from '@vv/platform/tenancy';
import { audit } from '@vv/domain/audit';
import { Invitation } from '@vv/domain/staff';
import { applySettingUpdate, brandingUpdate, issueWords, wardSetting, WARD_UPDATE_FIELDS, type WardColumns, fieldProblems, hospitalSiteCode, newWardSetting, parseSetting, retentionSetting, videoShown, videoUpdate, visitingHoursFromDays, wardColumns, wardUpdate, Hospital, placeNameProblem, videoSettingsProblems, storeTrustSecret, Trust, trustSecret, TrustFeatureFlag, TrustRecordNotFoundError, TrustService, Ward, WardFeatureFlag, wardPlace, brandingObject, hospitalObject, type BrandingObject, type HospitalObject, type WardObject } from '@vv/domain/trusts';
import type { BrandingInput, CreateWardInput, FeatureFlagValueObject, UpdateWardInput } from './dto/trust-admin.input';
import { SECRET_SOURCE, type VideoProviderTestObject, type VideoSettingsInput, type VideoSettingsObject, type VideoSettingsSource } from './video-settings';

/**
 * A trust running itself: hospitals, wards, branding, video, flags and retention. Each setting is
 * checked by its schema in @vv/domain/trusts (the same as a configuration document's); every change
 * is audited, and an update that changes nothing writes nothing.
 */
@Injectable()
export class TrustAdminService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustService) private readonly trusts: TrustService,
    @Inject(SECRET_SOURCE) private readonly secrets: VideoSettingsSource,
  ) {}

  async videoSettings(caller: Caller): Promise<VideoSettingsObject> {
    const trust = this.settings(caller, 'read');
    return this.db.inTrust(trust, async (em) => this.videoView(em, await em.findOneOrFail(Trust, { id: trust.trustId })));
  }

  /** Provider, server and grace period; the provider's secret write-only. */
  async updateVideoSettings(caller: Caller, input: VideoSettingsInput): Promise<VideoSettingsObject> {
    const trust = this.settings(caller);
    const { secret: newSecret, ...settings } = input;
    return this.db.inTrust(trust, async (em) => {
      const row = await em.findOneOrFail(Trust, { id: trust.trustId });
      const parsed = videoUpdate.safeParse(settings, { error: issueWords });
      const problems: FieldProblem[] = parsed.success ? [] : fieldProblems(parsed.error);
      // the rule a visit's start uses, on the settings as they will be (the stored secret if no new one)
      const provider = settings.provider ?? row.video.provider;
      const baseUrl = settings.baseUrl !== undefined ? settings.baseUrl || undefined : row.video.baseUrl;
      const secret = newSecret ?? (await trustSecret(em, this.secrets, row, 'videoSecret'));
      problems.push(...videoSettingsProblems({ provider, baseUrl, secret }));
      if (problems.length || !parsed.success) throw new BadUserInputError(problems);
      const { next, changed } = applySettingUpdate(row.video, parsed.data);
      const fields: string[] = newSecret !== undefined ? [...changed, 'secret'] : changed;
      if (!fields.length) return this.videoView(em, row);
      row.video = next;
      if (newSecret !== undefined) await storeTrustSecret(em, this.secrets, row, 'videoSecret', newSecret, caller.staffId);
      this.audit(em, caller, trust, 'trust.video_settings_updated', 'trust', trust.trustId, { fields: fields.join(',') });
      await em.flush();
      return this.videoView(em, row);
    });
  }

  /**
   * Tries the trust's video provider as a visit's start and end will: builds it from the saved
   * settings, makes a room that ends in a few minutes, and closes it (Whereby: a locked meeting
   * created and deleted through its REST API). A Jitsi room needs no call to the server, so
   * what is checked there is the settings and the signing of a moderator's and a visitor's
   * token. A provider that refuses or does not answer is VIDEO_SERVICE_REFUSED or
   * VIDEO_SERVICE_UNAVAILABLE; either way the try is audited.
   */
  async testVideoProvider(caller: Caller): Promise<VideoProviderTestObject> {
    const trust = this.settings(caller);
    const provider = await this.db.inTrust(trust, async (em) => {
      const row = await em.findOneOrFail(Trust, { id: trust.trustId });
      const secret = await trustSecret(em, this.secrets, row, 'videoSecret');
      if (!secret) throw new ConflictError("This trust's video secret is not set: set it before testing the provider");
      return createVideoProvider({
        provider: row.video.provider,
        secret,
        baseUrl: row.video.baseUrl,
        wherebyApiUrl: this.secrets.wherebyApiUrl,
        now: () => this.secrets.now(),
      });
    });
    try {
      const checked = await tryProvider(provider, this.secrets.now());
      await this.db.inTrust(trust, async (em) => this.audit(em, caller, trust, 'trust.video_provider_tested', 'trust', trust.trustId, { provider: provider.kind }));
      return { provider: provider.kind, checked };
    } catch (error) {
      const failure = error instanceof VideoProviderError ? error.failure : 'error';
      await this.db.inTrust(trust, async (em) =>
        audit.record(em, { trustId: trust.trustId, actorStaffId: caller.staffId, action: 'trust.video_provider_tested', targetType: 'trust', targetId: trust.trustId, outcome: 'failed', detail: { provider: provider.kind, failure } }),
      );
      throw error;
    }
  }

  private async videoView(em: EntityManager, trust: Trust): Promise<VideoSettingsObject> {
    return {
      ...shownAs(videoShown, trust.video),
      secretSet: Boolean(await trustSecret(em, this.secrets, trust, 'videoSecret')),
    };
  }

  async createHospital(caller: Caller, siteCode: string, name: string): Promise<HospitalObject> {
    const trust = this.manage(caller, 'Hospital');
    const problems: FieldProblem[] = [];
    const site = hospitalSiteCode.safeParse(siteCode, { error: issueWords });
    if (!site.success) problems.push(...fieldProblems(site.error, 'siteCode'));
    checkName(name, 'name', problems);
    if (problems.length) throw new BadUserInputError(problems);
    return this.db.inTrust(trust, async (em) => {
      if (await em.count(Hospital, { siteCode })) throw new ConflictError(`There is already a hospital with site code ${siteCode}`);
      const hospital = em.create(Hospital, { trust: trust.trustId, siteCode, name: visibleText(name) });
      this.audit(em, caller, trust, 'hospital.created', 'hospital', hospital.id);
      return hospitalObject(hospital);
    });
  }

  async renameHospital(caller: Caller, hospitalId: string, name: string): Promise<HospitalObject> {
    const trust = this.manage(caller, 'Hospital');
    const problems: FieldProblem[] = [];
    checkName(name, 'name', problems);
    if (problems.length) throw new BadUserInputError(problems);
    return this.db.inTrust(trust, async (em) => {
      const hospital = isUuid(hospitalId) ? await em.findOne(Hospital, { id: hospitalId }) : null;
      if (!hospital) throw new TrustRecordNotFoundError('Hospital');
      hospital.name = visibleText(name);
      this.audit(em, caller, trust, 'hospital.renamed', 'hospital', hospital.id);
      return hospitalObject(hospital);
    });
  }

  /**
   * Archives a hospital whose wards are all archived already: nothing is archived silently, so
   * while it has an active ward the answer names them and nothing is written. An archived
   * hospital takes no new wards (so no bookings); its wards, visits and history stay.
   */
  async archiveHospital(caller: Caller, hospitalId: string): Promise<HospitalObject> {
    const trust = this.manage(caller, 'Hospital');
    if (!isUuid(hospitalId)) throw new BadUserInputError([{ field: 'id', message: 'is not a hospital id' }]);
    return this.db.inTrust(trust, async (em) => {
      const hospital = await em.findOne(Hospital, { id: hospitalId });
      if (!hospital) throw new TrustRecordNotFoundError('Hospital');
      if (hospital.status === 'archived') throw new ConflictError(`${hospital.name} is already archived`);
      const active = await em.find(Ward, { hospital: { id: hospital.id }, status: 'active' }, { orderBy: { name: 'asc' } });
      if (active.length) throw new ConflictError(`${hospital.name} still has active wards: archive ${active.map((w) => w.name).join(', ')} first`);
      hospital.status = 'archived';
      this.audit(em, caller, trust, 'hospital.archived', 'hospital', hospital.id);
      await this.withdrawInvitations(em, caller, trust, { hospital: { id: hospital.id } });
      return hospitalObject(hospital);
    });
  }

  async createWard(caller: Caller, input: CreateWardInput): Promise<WardObject> {
    const trust = this.manage(caller, 'Ward');
    const { hospitalId, visitingHours: days, ...fields } = input;
    const parsed = newWardSetting.safeParse(fields, { error: issueWords });
    const problems: FieldProblem[] = parsed.success ? [] : fieldProblems(parsed.error);
    const visitingHours = visitingHoursFromDays(days, problems);
    if (!isUuid(hospitalId)) problems.push({ field: 'hospitalId', message: 'is not a hospital id' });
    if (problems.length || !parsed.success) throw new BadUserInputError(inWardOrder(problems));
    const setting = parsed.data;
    const id = await this.db.inTrust(trust, async (em) => {
      const hospital = await em.findOne(Hospital, { id: hospitalId });
      if (!hospital) throw new TrustRecordNotFoundError('Hospital');
      if (hospital.status === 'archived') throw new BadUserInputError([{ field: 'hospitalId', message: 'is an archived hospital' }]);
      if (await em.count(Ward, { hospital: { id: hospital.id }, code: setting.code })) throw new ConflictError(`${hospital.name} already has a ward with code ${setting.code}`);
      const ward = em.create(Ward, { trust: trust.trustId, hospital, code: setting.code, ...wardColumns({ ...setting, status: 'active', visitingHours }) });
      this.audit(em, caller, trust, 'ward.created', 'ward', ward.id);
      return ward.id;
    });
    return this.wardView(caller, id);
  }

  /** Trust admins for any ward; ward managers for their own wards. Days not given keep their hours. */
  async updateWard(caller: Caller, wardId: string, input: UpdateWardInput): Promise<WardObject> {
    const trust = requireActiveTrust(caller);
    const { visitingHours: days, ...fields } = input;
    const parsed = wardUpdate.safeParse(fields, { error: issueWords });
    const problems: FieldProblem[] = parsed.success ? [] : fieldProblems(parsed.error);
    const hours = days ? visitingHoursFromDays(days, problems) : undefined;
    if (problems.length || !parsed.success) throw new BadUserInputError(inWardOrder(problems));
    const id = await this.db.inTrust(trust, async (em) => {
      const ward = await this.wardFor(em, caller, wardId, 'update');
      const current = { ...Object.fromEntries(WARD_UPDATE_FIELDS.map((field) => [field, ward[field]])), visitingHours: ward.visitingHours } as Pick<WardColumns, (typeof WARD_UPDATE_FIELDS)[number] | 'visitingHours'>;
      const { next, changed } = applySettingUpdate(current, { ...parsed.data, visitingHours: hours && { ...ward.visitingHours, ...hours } });
      if (changed.length) {
        Object.assign(ward, next);
        this.audit(em, caller, trust, 'ward.updated', 'ward', ward.id, { fields: changed.join(',') });
      }
      return ward.id;
    });
    return this.wardView(caller, id);
  }

  /** An archived ward takes no bookings; its visits and history stay. */
  async archiveWard(caller: Caller, wardId: string): Promise<WardObject> {
    const trust = this.manage(caller, 'Ward');
    const id = await this.db.inTrust(trust, async (em) => {
      const ward = await this.wardFor(em, caller, wardId, 'manage');
      ward.status = 'archived';
      this.audit(em, caller, trust, 'ward.archived', 'ward', ward.id);
      await this.withdrawInvitations(em, caller, trust, { ward: { id: ward.id } });
      return ward.id;
    });
    return this.wardView(caller, id, true);
  }

  async updateBranding(caller: Caller, input: BrandingInput): Promise<BrandingObject> {
    const trust = this.settings(caller);
    const update = parseSetting(brandingUpdate, input);
    return this.db.inTrust(trust, async (em) => {
      const row = await em.findOneOrFail(Trust, { id: trust.trustId });
      const { next, changed } = applySettingUpdate(row.branding, update);
      if (changed.length) {
        row.branding = next;
        this.audit(em, caller, trust, 'trust.branding_updated', 'trust', trust.trustId, { fields: changed.join(',') });
      }
      return brandingObject(row.branding);
    });
  }

  async setRetentionDays(caller: Caller, days: number): Promise<number> {
    const trust = this.settings(caller);
    parseSetting(retentionSetting, days, 'days');
    return this.db.inTrust(trust, async (em) => {
      const row = await em.findOneOrFail(Trust, { id: trust.trustId });
      const from = row.retentionDays;
      if (from === days) return days;
      row.retentionDays = days;
      this.audit(em, caller, trust, 'trust.retention_updated', 'trust', trust.trustId, { from, to: days });
      return days;
    });
  }

  /** Trust default → ward override → what applies, for every flag. */
  async featureFlags(caller: Caller, wardId?: string): Promise<FeatureFlagValueObject[]> {
    const trust = requireActiveTrust(caller);
    return this.db.inTrust(trust, async (em) => {
      const ward = wardId ? await this.wardFor(em, caller, wardId, 'read') : null;
      const [trustFlags, wardFlags] = await Promise.all([em.find(TrustFeatureFlag, {}), ward ? em.find(WardFeatureFlag, { ward: { id: ward.id } }) : Promise.resolve([])]);
      return FEATURE_FLAGS.map((flag) => {
        const trustDefault = trustFlags.find((f) => f.flag === flag)?.enabled ?? FEATURE_FLAG_DEFAULTS[flag];
        const wardOverride = wardFlags.find((f) => f.flag === flag)?.enabled ?? null;
        return { flag, trustDefault, wardOverride, effective: wardOverride ?? trustDefault };
      });
    });
  }

  /** The flag is one of FEATURE_FLAGS: GraphQL refuses any other name (planned flags are not in its enum). */
  async setTrustFlag(caller: Caller, known: FeatureFlag, enabled: boolean): Promise<FeatureFlagValueObject[]> {
    const trust = this.manage(caller, 'FeatureFlag');
    await this.db.inTrust(trust, async (em) => {
      const row = (await em.findOne(TrustFeatureFlag, { flag: known })) ?? em.create(TrustFeatureFlag, { trust: trust.trustId, flag: known, enabled });
      row.enabled = enabled;
      this.audit(em, caller, trust, 'trust.flag_set', 'feature_flag', known, { enabled });
    });
    return this.featureFlags(caller);
  }

  /** `enabled: null` removes the override, so the ward follows the trust again. */
  async setWardFlag(caller: Caller, wardId: string, known: FeatureFlag, enabled: boolean | null): Promise<FeatureFlagValueObject[]> {
    const trust = requireActiveTrust(caller);
    await this.db.inTrust(trust, async (em) => {
      const ward = await this.wardFor(em, caller, wardId, 'update', 'FeatureFlag');
      const row = await em.findOne(WardFeatureFlag, { ward: { id: ward.id }, flag: known });
      if (enabled === null) {
        if (row) em.remove(row);
      } else if (row) {
        row.enabled = enabled;
      } else {
        em.create(WardFeatureFlag, { trust: trust.trustId, ward, flag: known, enabled });
      }
      this.audit(em, caller, trust, 'ward.flag_set', 'ward', ward.id, { flag: known, enabled });
    });
    return this.featureFlags(caller, wardId);
  }

  /** A ward named by the caller: one they cannot see is NOT_FOUND, one they can see but not change is FORBIDDEN. */
  private async wardFor(em: EntityManager, caller: Caller, wardId: string, action: 'read' | 'update' | 'manage', subject: 'Ward' | 'FeatureFlag' = 'Ward'): Promise<Ward> {
    return loadChecked(caller, async () => (isUuid(wardId) ? em.findOne(Ward, { id: wardId }, { populate: ['hospital'] }) : null), wardPlace, {
      action,
      subject,
      seenThrough: ['Ward'],
      notFound: () => new TrustRecordNotFoundError('Ward'),
      forbidden: () => new ForbiddenError(`You cannot change this ward's ${subject === 'Ward' ? 'settings' : 'flags'}`),
    });
  }

  private async wardView(caller: Caller, wardId: string, includeArchived = false): Promise<WardObject> {
    const wards = await this.trusts.wards(caller, { includeArchived });
    const ward = wards.find((w) => w.id === wardId);
    if (!ward) throw new TrustRecordNotFoundError('Ward');
    return ward;
  }

  private manage(caller: Caller, subject: 'Hospital' | 'Ward' | 'FeatureFlag'): ActiveTrust {
    const trust = requireActiveTrust(caller);
    assertCan(caller, 'manage', subject, { trustId: trust.trustId });
    return trust;
  }

  private settings(caller: Caller, action: 'read' | 'update' = 'update'): ActiveTrust {
    const trust = requireActiveTrust(caller);
    assertCan(caller, action, 'TrustSettings', { trustId: trust.trustId });
    return trust;
  }

  /** An invitation to an archived place would grant a role nowhere: it is withdrawn with the place. */
  private async withdrawInvitations(em: EntityManager, caller: Caller, trust: ActiveTrust, place: { ward: { id: string } } | { hospital: { id: string } }): Promise<void> {
    for (const invitation of await em.find(Invitation, { ...place, status: 'pending' })) {
      invitation.status = 'revoked';
      this.audit(em, caller, trust, 'staff.invitation_revoked', 'invitation', invitation.id, { reason: 'place archived' });
    }
  }

  private audit(em: EntityManager, caller: Caller, trust: ActiveTrust, action: AuditAction, targetType: AuditRecordKind, targetId: string, detail?: Record<string, string | number | boolean | null>): void {
    audit.record(em, { trustId: trust.trustId, actorStaffId: caller.staffId, action, targetType, targetId, outcome: 'success', detail });
  }
}

/** How long the test room is asked to last: a room whose deletion failed ends on its own soon after. */
const TEST_ROOM_MINUTES = 5;

/** Makes a room and closes it; what was checked, in words. */
async function tryProvider(provider: VideoProvider, now: Date): Promise<string[]> {
  const endsAt = new Date(now.getTime() + TEST_ROOM_MINUTES * 60_000);
  const room = await provider.createRoom({ visitId: randomUUID(), endsAt });
  if (provider.kind === 'whereby') {
    await provider.closeRoom(room);
    return ['Whereby accepted the API key and made a locked room', 'Whereby deleted the room'];
  }
  const join = { room, notBefore: now, expiresAt: endsAt };
  await provider.staffJoinUrl({ ...join, displayName: 'Ward device' });
  await provider.visitorJoinUrl({ ...join, displayName: 'Visitor' });
  await provider.closeRoom(room);
  return [
    'The Jitsi Meet address and app secret can be used',
    'A room name was made, and a moderator’s and a visitor’s token signed for it',
    'Jitsi rooms need no call to the server: whether it accepts the tokens shows when a ward device first joins a visit',
  ];
}

function checkName(name: string, field: string, problems: FieldProblem[]): void {
  const problem = placeNameProblem(name);
  if (problem) problems.push({ field, message: problem });
}

/** A ward's problems in the order its setting lists the fields (others after). */
function inWardOrder(problems: FieldProblem[]): FieldProblem[] {
  const order = Object.keys(wardSetting.shape);
  const rank = (p: FieldProblem) => {
    const i = order.indexOf(p.field.split('.')[0]);
    return i < 0 ? order.length : i;
  };
  return [...problems].sort((a, b) => rank(a) - rank(b));
}
