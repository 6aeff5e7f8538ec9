import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, ConflictError, dayRangesProblems, FEATURE_FLAG_DEFAULTS, FEATURE_FLAGS, ForbiddenError, isUuid, visibleText, WEEKDAYS, type FeatureFlag, type FieldProblem, type Weekday } from '@vv/contracts';
import { assertCan, loadChecked, type Caller, requireActiveTrust } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { createVideoProvider, VideoProviderError, type VideoProvider } from '@vv/platform/video';
import type { ActiveTrust } from '@vv/platform/tenancy';
import { audit } from '@vv/domain/audit';
import { Invitation } from '@vv/domain/staff';
import { Hospital, placeNameProblem, primaryColourProblem, publicUrlProblem, videoSettingsProblems, storeTrustSecret, Trust, trustSecret, TrustFeatureFlag, TrustRecordNotFoundError, TrustService, Ward, WardFeatureFlag, wardPlace, brandingObject, hospitalObject, type BrandingObject, type HospitalObject, type WardObject } from '@vv/domain/trusts';
import type { BrandingInput, CreateWardInput, FeatureFlagValueObject, UpdateWardInput, VisitingHoursDayInput } from './dto/trust-admin.input';
import { SECRET_SOURCE, type VideoProviderTestObject, type VideoSettingsInput, type VideoSettingsObject, type VideoSettingsSource } from './video-settings';

const RANGE = /^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

/** A trust running itself: hospitals, wards, branding, flags and retention. Every change is audited. */
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
    return this.db.inTrust(trust, async (em) => {
      const row = await em.findOneOrFail(Trust, { id: trust.trustId });
      const provider = input.provider ?? row.video.provider;
      const baseUrl = input.baseUrl !== undefined ? input.baseUrl || undefined : row.video.baseUrl;
      const problems: FieldProblem[] = [];
      if (input.graceMinutesAfterSlot !== undefined && (input.graceMinutesAfterSlot < 0 || input.graceMinutesAfterSlot > 120)) problems.push({ field: 'graceMinutesAfterSlot', message: 'must be 0 to 120 minutes' });
      // the rule a visit's start uses, on the settings as they will be (the stored secret if no new one)
      const secret = input.secret ?? (await trustSecret(em, this.secrets, row, 'videoSecret'));
      problems.push(...videoSettingsProblems({ provider, baseUrl, secret }));
      if (problems.length) throw new BadUserInputError(problems);
      row.video = { ...row.video, provider, baseUrl, graceMinutesAfterSlot: input.graceMinutesAfterSlot ?? row.video.graceMinutesAfterSlot };
      if (input.secret !== undefined) await storeTrustSecret(em, this.secrets, row, 'videoSecret', input.secret, caller.staffId);
      this.audit(em, caller, trust, 'trust.video_settings_updated', 'trust', trust.trustId, { fields: Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined).join(',') });
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
      provider: trust.video.provider,
      baseUrl: trust.video.baseUrl ?? null,
      graceMinutesAfterSlot: trust.video.graceMinutesAfterSlot,
      secretSet: Boolean(await trustSecret(em, this.secrets, trust, 'videoSecret')),
    };
  }

  async createHospital(caller: Caller, siteCode: string, name: string): Promise<HospitalObject> {
    const trust = this.manage(caller, 'Hospital');
    const problems: FieldProblem[] = [];
    if (!/^[A-Z0-9]{3,9}$/.test(siteCode)) problems.push({ field: 'siteCode', message: 'must be an ODS site code of 3 to 9 capital letters or digits' });
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
    const problems: FieldProblem[] = [];
    if (!/^[A-Z0-9][A-Z0-9-]{0,19}$/.test(input.code)) problems.push({ field: 'code', message: 'must be 1 to 20 capital letters, digits or dashes' });
    checkName(input.name, 'name', problems);
    const hours = visitingHours(input.visitingHours, problems);
    checkWardNumbers(input, problems);
    if (!isUuid(input.hospitalId)) problems.push({ field: 'hospitalId', message: 'is not a hospital id' });
    if (problems.length) throw new BadUserInputError(problems);
    const id = await this.db.inTrust(trust, async (em) => {
      const hospital = await em.findOne(Hospital, { id: input.hospitalId });
      if (!hospital) throw new TrustRecordNotFoundError('Hospital');
      if (hospital.status === 'archived') throw new BadUserInputError([{ field: 'hospitalId', message: 'is an archived hospital' }]);
      if (await em.count(Ward, { hospital: { id: hospital.id }, code: input.code })) throw new ConflictError(`${hospital.name} already has a ward with code ${input.code}`);
      const ward = em.create(Ward, {
        trust: trust.trustId,
        hospital,
        code: input.code,
        name: visibleText(input.name),
        visitingHours: { ...emptyWeek(), ...hours },
        defaultVisitMinutes: input.defaultVisitMinutes,
        maxConcurrentVisits: input.maxConcurrentVisits,
      });
      this.audit(em, caller, trust, 'ward.created', 'ward', ward.id);
      return ward.id;
    });
    return this.wardView(caller, id);
  }

  /** Trust admins for any ward; ward managers for their own wards. */
  async updateWard(caller: Caller, wardId: string, input: UpdateWardInput): Promise<WardObject> {
    const trust = requireActiveTrust(caller);
    const problems: FieldProblem[] = [];
    if (input.name !== undefined) checkName(input.name, 'name', problems);
    const hours = input.visitingHours ? visitingHours(input.visitingHours, problems) : undefined;
    checkWardNumbers(input, problems);
    if (problems.length) throw new BadUserInputError(problems);
    const id = await this.db.inTrust(trust, async (em) => {
      const ward = await this.wardFor(em, caller, wardId, 'update');
      const changed: string[] = [];
      if (input.name !== undefined) {
        ward.name = visibleText(input.name);
        changed.push('name');
      }
      if (hours) {
        ward.visitingHours = { ...ward.visitingHours, ...hours };
        changed.push('visitingHours');
      }
      if (input.defaultVisitMinutes !== undefined) {
        ward.defaultVisitMinutes = input.defaultVisitMinutes;
        changed.push('defaultVisitMinutes');
      }
      if (input.maxConcurrentVisits !== undefined) {
        ward.maxConcurrentVisits = input.maxConcurrentVisits;
        changed.push('maxConcurrentVisits');
      }
      this.audit(em, caller, trust, 'ward.updated', 'ward', ward.id, { fields: changed.join(',') });
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
    const problems: FieldProblem[] = [];
    if (input.displayName !== undefined) checkName(input.displayName, 'displayName', problems);
    for (const field of ['logoUrl', 'accessibilityStatementUrl', 'privacyNoticeUrl'] as const) {
      const problem = input[field] ? publicUrlProblem(input[field]) : null;
      if (problem) problems.push({ field, message: problem });
    }
    const colourProblem = input.primaryColour !== undefined ? primaryColourProblem(input.primaryColour) : null;
    if (colourProblem) problems.push({ field: 'primaryColour', message: colourProblem });
    if (input.contactPhone !== undefined && !/^(\+44\s?|0)[0-9 ]{9,13}$/.test(input.contactPhone)) problems.push({ field: 'contactPhone', message: 'must be a UK phone number' });
    if (problems.length) throw new BadUserInputError(problems);
    return this.db.inTrust(trust, async (em) => {
      const row = await em.findOneOrFail(Trust, { id: trust.trustId });
      row.branding = {
        ...row.branding,
        ...(input.displayName !== undefined ? { displayName: visibleText(input.displayName) } : {}),
        ...(input.logoUrl !== undefined ? { logoUrl: input.logoUrl || undefined } : {}),
        ...(input.accessibilityStatementUrl !== undefined ? { accessibilityStatementUrl: input.accessibilityStatementUrl || undefined } : {}),
        ...(input.privacyNoticeUrl !== undefined ? { privacyNoticeUrl: input.privacyNoticeUrl || undefined } : {}),
        ...(input.primaryColour !== undefined ? { primaryColour: input.primaryColour.toUpperCase() } : {}),
        ...(input.contactPhone !== undefined ? { contactPhone: input.contactPhone } : {}),
      };
      this.audit(em, caller, trust, 'trust.branding_updated', 'trust', trust.trustId);
      return brandingObject(row.branding);
    });
  }

  async setRetentionDays(caller: Caller, days: number): Promise<number> {
    const trust = this.settings(caller);
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new BadUserInputError([{ field: 'days', message: 'must be 1 to 3650 days' }]);
    return this.db.inTrust(trust, async (em) => {
      const row = await em.findOneOrFail(Trust, { id: trust.trustId });
      const from = row.retentionDays;
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

  private audit(em: EntityManager, caller: Caller, trust: ActiveTrust, action: string, targetType: string, targetId: string, detail?: Record<string, string | number | boolean | null>): void {
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

function checkWardNumbers(input: { defaultVisitMinutes?: number; maxConcurrentVisits?: number }, problems: FieldProblem[]): void {
  if (input.defaultVisitMinutes !== undefined && (input.defaultVisitMinutes < 5 || input.defaultVisitMinutes > 240)) problems.push({ field: 'defaultVisitMinutes', message: 'must be 5 to 240 minutes' });
  if (input.maxConcurrentVisits !== undefined && (input.maxConcurrentVisits < 1 || input.maxConcurrentVisits > 50)) problems.push({ field: 'maxConcurrentVisits', message: 'must be 1 to 50' });
}

function visitingHours(days: VisitingHoursDayInput[], problems: FieldProblem[]): Partial<Record<Weekday, string[]>> {
  const hours: Partial<Record<Weekday, string[]>> = {};
  days.forEach((day, i) => {
    if (hours[day.day]) {
      problems.push({ field: `visitingHours.${i}.day`, message: 'is given twice: give each day once, with all its ranges' });
      return;
    }
    let wellFormed = true;
    day.ranges.forEach((range, r) => {
      const [from, to] = range.split('-');
      if (!RANGE.test(range) || from >= to) {
        wellFormed = false;
        problems.push({ field: `visitingHours.${i}.ranges.${r}`, message: 'must be a range like 14:00-20:00 that ends after it starts' });
      }
    });
    if (wellFormed) problems.push(...dayRangesProblems(day.ranges).map((p) => ({ field: `visitingHours.${i}.ranges.${p.index}`, message: p.message })));
    hours[day.day] = [...day.ranges];
  });
  return hours;
}

function emptyWeek(): Record<Weekday, string[]> {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as Record<Weekday, string[]>;
}


