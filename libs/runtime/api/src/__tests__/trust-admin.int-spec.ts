import { graphqlEnumName, type AuditAction } from '@vv/contracts';
import { AuditEvent } from '@vv/domain/audit';
import { Trust } from '@vv/domain/trusts';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT: the suite's clock, held still

/** A trust running itself through the API: each change by the right role in its own trust, refused elsewhere. */
let api: ApiTestHarness;
const ADMIN = 'trust.admin@kgh.nhs.uk';
const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code) ?? [];
const fields = (result: { errors?: { extensions?: { fields?: unknown[] } }[] }) => result.errors?.[0]?.extensions?.fields ?? [];
let wards: Record<string, string>;

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => NOW });
  await api.loadDemoData();
  const result = await api.as<{ wards: { id: string; code: string }[] }>(ADMIN, '{ wards { id code } }');
  wards = Object.fromEntries(result.data!.wards.map((w) => [w.code, w.id]));
});
afterAll(() => api?.close());

describe('hospitals and wards', () => {
  it('lets a trust admin add a hospital and a ward, and refuses a duplicate and bad hours by field', async () => {
    const hospital = await api.as<{ createHospital: { id: string } }>(ADMIN, 'mutation { createHospital(siteCode: "RNQ09", name: "Corby Urgent Care Centre") { id } }');
    expect(hospital.errors).toBeUndefined();
    expect(codes(await api.as(ADMIN, 'mutation { createHospital(siteCode: "RNQ09", name: "Again") { id } }'))).toEqual(['CONFLICT']);
    const renamed = await api.as<{ renameHospital: { name: string } }>(ADMIN, 'mutation($id: ID!) { renameHospital(id: $id, name: "Corby UCC") { name } }', { id: hospital.data!.createHospital.id });
    expect(renamed.data!.renameHospital.name).toBe('Corby UCC');
    expect(codes(await api.as('trust.admin@ngh.nhs.uk', 'mutation($id: ID!) { renameHospital(id: $id, name: "Taken") { name } }', { id: hospital.data!.createHospital.id }))).toEqual(['NOT_FOUND']);
    const CREATE = 'mutation($input: CreateWardInput!) { createWard(input: $input) { id code name visitingHours { day ranges } } }';
    const input = { hospitalId: hospital.data!.createHospital.id, code: 'UCC', name: 'Urgent Care', visitingHours: [{ day: 'MONDAY', ranges: ['10:00-12:00'] }], defaultVisitMinutes: 30, maxConcurrentVisits: 2 };
    const ward = await api.as<{ createWard: { visitingHours: { day: string; ranges: string[] }[] } }>(ADMIN, CREATE, { input });
    expect(ward.data!.createWard.visitingHours.find((d) => d.day === 'MONDAY')!.ranges).toEqual(['10:00-12:00']);
    expect(ward.data!.createWard.visitingHours.find((d) => d.day === 'TUESDAY')!.ranges).toEqual([]);
    // a day is a Weekday: GraphQL refuses another name before the service runs
    const badDay = await api.as(ADMIN, CREATE, { input: { ...input, code: 'UCC2', visitingHours: [{ day: 'FUNDAY', ranges: ['10:00-12:00'] }] } });
    expect(fields(badDay)).toEqual([{ field: 'input.visitingHours.0.day', message: 'must be one of the Weekday values' }]);
    const bad = await api.as(ADMIN, CREATE, { input: { ...input, code: 'UCC2', visitingHours: [{ day: 'MONDAY', ranges: ['12:00-10:00'] }], maxConcurrentVisits: 0 } });
    expect(fields(bad)).toEqual([
      { field: 'visitingHours.0.ranges.0', message: 'must be a range like 14:00-20:00 that ends after it starts' },
      { field: 'maxConcurrentVisits', message: 'must be 1 to 50' },
    ]);
  });

  it('lets a ward manager change their own ward, not another, and nurses none', async () => {
    const UPDATE = 'mutation($id: ID!, $input: UpdateWardInput!) { updateWard(id: $id, input: $input) { maxConcurrentVisits visitingHours { day ranges } } }';
    const own = await api.as<{ updateWard: { maxConcurrentVisits: number } }>('ward.manager.rnq@nhs.net', UPDATE, { id: wards.CCU, input: { maxConcurrentVisits: 3, visitingHours: [{ day: 'SUNDAY', ranges: ['10:00-18:00'] }] } });
    expect(own.data!.updateWard.maxConcurrentVisits).toBe(3);
    expect(codes(await api.as('ward.manager.rnq@nhs.net', UPDATE, { id: wards.ED, input: { maxConcurrentVisits: 9 } }))).toEqual(['NOT_FOUND']);
    expect(codes(await api.as('nurse.rnq@nhs.net', UPDATE, { id: wards.ED, input: { maxConcurrentVisits: 9 } }))).toEqual(['FORBIDDEN']);
    expect(codes(await api.as('trust.admin@ngh.nhs.uk', UPDATE, { id: wards.ED, input: { maxConcurrentVisits: 9 } }))).toEqual(['NOT_FOUND']);
    expect(codes(await api.as('group.admin@nhs.net', 'mutation { createHospital(siteCode: "RNQ08", name: "Group made") { id } }', undefined, 'RNQ'))).toEqual(['FORBIDDEN']);
  });

  it('writes nothing, and audits nothing, for an update that changes nothing; a real change is audited naming only what changed', async () => {
    const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    const audits = (action: AuditAction) => api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, (em) => em.find(AuditEvent, { record: { action } }, { populate: ['record'] }));
    const UPDATE = 'mutation($id: ID!, $input: UpdateWardInput!) { updateWard(id: $id, input: $input) { name maxConcurrentVisits } }';
    const before = (await api.as<{ updateWard: { name: string; maxConcurrentVisits: number } }>(ADMIN, UPDATE, { id: wards.ED, input: {} })).data!.updateWard;
    const wardAudits = (await audits('ward.updated')).length;
    const same = await api.as(ADMIN, UPDATE, { id: wards.ED, input: { name: before.name, maxConcurrentVisits: before.maxConcurrentVisits } });
    expect(same.errors).toBeUndefined();
    const branding = (await api.as<{ trust: { branding: { displayName: string; primaryColour: string } } }>(ADMIN, '{ trust { branding { displayName primaryColour } } }')).data!.trust.branding;
    const brandingAudits = (await audits('trust.branding_updated')).length;
    const updatedAt = (await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }))).updatedAt;
    const sameBranding = await api.as(ADMIN, 'mutation($input: BrandingInput!) { updateBranding(input: $input) { displayName } }', { input: { ...branding, primaryColour: branding.primaryColour.toLowerCase() } });
    expect(sameBranding.errors).toBeUndefined();
    expect((await audits('ward.updated')).length).toBe(wardAudits);
    expect((await audits('trust.branding_updated')).length).toBe(brandingAudits);
    expect((await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }))).updatedAt).toEqual(updatedAt);

    await api.as(ADMIN, UPDATE, { id: wards.ED, input: { name: before.name, maxConcurrentVisits: before.maxConcurrentVisits + 1 } });
    const changed = await audits('ward.updated');
    expect(changed).toHaveLength(wardAudits + 1);
    expect(changed.map((e) => e.record.detail)).toContainEqual({ fields: 'maxConcurrentVisits' });
    await api.as(ADMIN, UPDATE, { id: wards.ED, input: { maxConcurrentVisits: before.maxConcurrentVisits } });
  });

  it("lists a trust's own hospitals to those who run or report on it, and nobody else's", async () => {
    const HOSPITALS = '{ hospitals { id siteCode name } }';
    const sites = async (email: string, trust?: string) => (await api.as<{ hospitals: { siteCode: string }[] }>(email, HOSPITALS, undefined, trust)).data!.hospitals.map((h) => h.siteCode);
    const rnq = await sites(ADMIN);
    expect(rnq).toContain('RNQ01');
    expect(rnq.every((site) => site.startsWith('RNQ'))).toBe(true);
    expect(await sites('group.admin@nhs.net', 'RNQ')).toEqual(rnq);
    expect(await sites('trust.admin@ngh.nhs.uk')).toEqual(expect.arrayContaining(['RNS01']));
    expect((await sites('trust.admin@ngh.nhs.uk')).some((site) => site.startsWith('RNQ'))).toBe(false);
    // ward roles are not given the trust's list of sites
    expect(await sites('ward.manager.rnq@nhs.net')).toEqual([]);
    expect(await sites('nurse.rnq@nhs.net')).toEqual([]);
  });

  it('says what each person may do to run the trust, by the rules the changes themselves are checked by', async () => {
    const ACTIONS = '{ trust { allowedActions } wards { code canChangeSettings } }';
    type Answer = { trust: { allowedActions: string[] }; wards: { code: string; canChangeSettings: boolean }[] };
    const answer = async (email: string, trust?: string) => (await api.as<Answer>(email, ACTIONS, undefined, trust)).data!;
    const admin = await answer(ADMIN);
    expect(admin.trust.allowedActions).toEqual(['MANAGE_HOSPITALS', 'MANAGE_WARDS', 'MANAGE_FEATURE_FLAGS', 'UPDATE_SETTINGS', 'MANAGE_STAFF', 'READ_AUDIT']);
    expect(admin.wards.every((w) => w.canChangeSettings)).toBe(true);
    const manager = await answer('ward.manager.rnq@nhs.net');
    expect(manager.trust.allowedActions).toEqual([]);
    expect(manager.wards.filter((w) => w.canChangeSettings).map((w) => w.code).sort()).toEqual(['CCU', 'W6-RESP']);
    const groupAdmin = await answer('group.admin@nhs.net', 'RNQ');
    expect(groupAdmin.trust.allowedActions).toEqual(['MANAGE_STAFF']);
    expect(groupAdmin.wards.some((w) => w.canChangeSettings)).toBe(false);
    const nurse = await answer('nurse.rnq@nhs.net');
    expect(nurse.trust.allowedActions).toEqual([]);
    expect(nurse.wards.map((w) => [w.code, w.canChangeSettings])).toEqual([['ED', false]]);
  });

  it('archives a ward: it takes no bookings but keeps its history', async () => {
    const archived = await api.as<{ archiveWard: { status: string } }>(ADMIN, 'mutation($id: ID!) { archiveWard(id: $id) { status } }', { id: wards['DAY-UNIT'] });
    expect(archived.data!.archiveWard.status).toBe('ARCHIVED');
    const list = await api.as<{ wards: { code: string }[] }>(ADMIN, '{ wards { code } }');
    expect(list.data!.wards.map((w) => w.code)).not.toContain('DAY-UNIT');
  });

  it('withdraws invitations to a ward when it is archived, and invites nobody to an archived ward or hospital', async () => {
    const INVITE = 'mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }';
    const PENDING = '{ invitations { id } }';
    const created = await api.as<{ createWard: { id: string } }>(ADMIN, 'mutation($input: CreateWardInput!) { createWard(input: $input) { id } }', {
      input: { hospitalId: (await api.as<{ hospitals: { id: string }[] }>(ADMIN, '{ hospitals { id } }')).data!.hospitals[0].id, code: 'PAEDS-2', name: 'Paediatrics Two', visitingHours: [{ day: 'MONDAY', ranges: ['10:00-12:00'] }], defaultVisitMinutes: 30, maxConcurrentVisits: 2 },
    });
    const wardId = created.data!.createWard.id;
    const toWard = { email: 'paeds.nurse@nhs.net', role: 'WARD_STAFF', scope: 'WARD', wardId };
    const invitation = (await api.as<{ inviteStaff: { id: string } }>(ADMIN, INVITE, { input: toWard })).data!.inviteStaff.id;
    const pending = async () => (await api.as<{ invitations: { id: string }[] }>(ADMIN, PENDING)).data!.invitations.map((i) => i.id);
    expect(await pending()).toContain(invitation);

    await api.as(ADMIN, 'mutation($id: ID!) { archiveWard(id: $id) { status } }', { id: wardId });
    expect(await pending()).not.toContain(invitation);
    const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    const revoked = await api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, (em) => em.count(AuditEvent, { record: { action: 'staff.invitation_revoked', targetId: invitation } }));
    expect(revoked).toBe(1);
    const again = await api.as(ADMIN, INVITE, { input: toWard });
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    expect(fields(again)).toEqual([{ field: 'wardId', message: 'is an archived ward' }]);
  });

  it('archives a hospital only once its wards are archived, naming those still active, and then it takes no wards or bookings', async () => {
    const ARCHIVE = 'mutation($id: ID!) { archiveHospital(id: $id) { id status } }';
    const created = await api.as<{ createHospital: { id: string; status: string } }>(ADMIN, 'mutation { createHospital(siteCode: "RNQ07", name: "Isebrook Hospital") { id status } }');
    const id = created.data!.createHospital.id;
    expect(created.data!.createHospital.status).toBe('ACTIVE');
    const CREATE = 'mutation($input: CreateWardInput!) { createWard(input: $input) { id } }';
    const ward = (code: string, name: string) => ({ hospitalId: id, code, name, visitingHours: [{ day: 'MONDAY', ranges: ['10:00-12:00'] }], defaultVisitMinutes: 30, maxConcurrentVisits: 2 });
    const rehab = (await api.as<{ createWard: { id: string } }>(ADMIN, CREATE, { input: ward('REHAB', 'Rehabilitation') })).data!.createWard.id;
    const stroke = (await api.as<{ createWard: { id: string } }>(ADMIN, CREATE, { input: ward('STROKE', 'Stroke Unit') })).data!.createWard.id;
    const invited = (await api.as<{ inviteStaff: { id: string } }>(ADMIN, 'mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }', { input: { email: 'isebrook.matron@nhs.net', role: 'WARD_MANAGER', scope: 'HOSPITAL', hospitalId: id } })).data!.inviteStaff.id;
    const pending = async () => (await api.as<{ invitations: { id: string }[] }>(ADMIN, '{ invitations { id } }')).data!.invitations.map((i) => i.id);
    const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    const archivedAudits = () => api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, (em) => em.count(AuditEvent, { record: { action: 'hospital.archived', targetId: id } }));
    const status = async () => (await api.as<{ hospitals: { id: string; status: string }[] }>(ADMIN, '{ hospitals(includeArchived: true) { id status } }')).data!.hospitals.find((h) => h.id === id)?.status;

    // refused: by role, from another trust, a malformed id, and while wards are active; nothing written
    expect(codes(await api.as('ward.manager.rnq@nhs.net', ARCHIVE, { id }))).toEqual(['FORBIDDEN']);
    expect(codes(await api.as('group.admin@nhs.net', ARCHIVE, { id }, 'RNQ'))).toEqual(['FORBIDDEN']);
    expect(codes(await api.as('trust.admin@ngh.nhs.uk', ARCHIVE, { id }))).toEqual(['NOT_FOUND']);
    const malformed = await api.as(ADMIN, ARCHIVE, { id: 'RNQ07' });
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(fields(malformed)).toEqual([{ field: 'id', message: 'is not an id (ids are UUIDs, as the API gives them)' }]);
    const early = await api.as(ADMIN, ARCHIVE, { id });
    expect(codes(early)).toEqual(['CONFLICT']);
    expect(early.errors![0].message).toBe('Isebrook Hospital still has active wards: archive Rehabilitation, Stroke Unit first');
    await api.as(ADMIN, 'mutation($id: ID!) { archiveWard(id: $id) { status } }', { id: rehab });
    expect((await api.as(ADMIN, ARCHIVE, { id })).errors![0].message).toBe('Isebrook Hospital still has active wards: archive Stroke Unit first');
    expect(await status()).toBe('ACTIVE');
    expect(await archivedAudits()).toBe(0);
    expect(await pending()).toContain(invited);

    await api.as(ADMIN, 'mutation($id: ID!) { archiveWard(id: $id) { status } }', { id: stroke });
    const archived = await api.as<{ archiveHospital: { status: string } }>(ADMIN, ARCHIVE, { id });
    expect(archived.data!.archiveHospital.status).toBe('ARCHIVED');
    expect(await archivedAudits()).toBe(1);
    expect(await pending()).not.toContain(invited);
    expect(codes(await api.as(ADMIN, ARCHIVE, { id }))).toEqual(['CONFLICT']);
    expect(await archivedAudits()).toBe(1);

    // left out of the list unless asked for; no new ward; its wards offer no bookings
    const listed = (await api.as<{ hospitals: { id: string }[] }>(ADMIN, '{ hospitals { id } }')).data!.hospitals.map((h) => h.id);
    expect(listed).not.toContain(id);
    expect(await status()).toBe('ARCHIVED');
    expect(fields(await api.as(ADMIN, CREATE, { input: ward('NEW', 'New Ward') }))).toEqual([{ field: 'hospitalId', message: 'is an archived hospital' }]);
    const invite = await api.as(ADMIN, 'mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }', { input: { email: 'isebrook.nurse@nhs.net', role: 'WARD_STAFF', scope: 'HOSPITAL', hospitalId: id } });
    expect(fields(invite)).toEqual([{ field: 'hospitalId', message: 'is an archived hospital' }]);
    const its = (await api.as<{ wards: { canBookVisits: boolean; status: string }[] }>(ADMIN, '{ wards(hospitalId: "' + id + '", includeArchived: true) { status canBookVisits } }')).data!.wards;
    expect(its).toEqual([
      { status: 'ARCHIVED', canBookVisits: false },
      { status: 'ARCHIVED', canBookVisits: false },
    ]);
    const booked = await api.as('trust.admin@kgh.nhs.uk', 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
      input: { wardId: stroke, patientName: 'Ann Lee', contactName: 'Sam Lee', contactMobile: '07700900321', startNow: true },
    });
    expect(booked.errors).toBeDefined();
  });
});

describe('branding and retention', () => {
  const BRANDING = 'mutation($input: BrandingInput!) { updateBranding(input: $input) { displayName primaryColour logoUrl } }';

  it('refuses a colour white text cannot be read on, and a logo not on https, naming each field', async () => {
    const bad = await api.as(ADMIN, BRANDING, { input: { primaryColour: '#FFFF00', logoUrl: 'http://example.org/logo.png' } });
    expect(fields(bad)).toEqual([
      { field: 'logoUrl', message: 'must be an https URL' },
      { field: 'primaryColour', message: 'has contrast 1.1:1 against white; white text needs at least 4.5:1' },
    ]);
    const good = await api.as<{ updateBranding: Record<string, unknown> }>(ADMIN, BRANDING, { input: { primaryColour: '#003087', logoUrl: 'https://www.kgh.nhs.uk/logo.png' } });
    expect(good.data!.updateBranding).toMatchObject({ primaryColour: '#003087', logoUrl: 'https://www.kgh.nhs.uk/logo.png' });
    expect(codes(await api.as('ward.manager.rnq@nhs.net', BRANDING, { input: { displayName: 'Mine now' } }))).toEqual(['FORBIDDEN']);
  });

  it("takes the trust's accessibility statement and privacy notice as https addresses only, and an empty one removes it", async () => {
    const LINKS = 'mutation($input: BrandingInput!) { updateBranding(input: $input) { accessibilityStatementUrl privacyNoticeUrl } }';
    const bad = await api.as(ADMIN, LINKS, { input: { accessibilityStatementUrl: 'http://www.kgh.nhs.uk/accessibility', privacyNoticeUrl: 'privacy' } });
    expect(fields(bad)).toEqual([
      { field: 'accessibilityStatementUrl', message: 'must be an https URL' },
      { field: 'privacyNoticeUrl', message: 'must be an https URL' },
    ]);
    const set = await api.as<{ updateBranding: Record<string, unknown> }>(ADMIN, LINKS, { input: { accessibilityStatementUrl: 'https://www.kgh.nhs.uk/a11y', privacyNoticeUrl: '' } });
    expect(set.data!.updateBranding).toEqual({ accessibilityStatementUrl: 'https://www.kgh.nhs.uk/a11y', privacyNoticeUrl: null });
    const read = await api.as<{ trust: { branding: Record<string, unknown> } }>(ADMIN, '{ trust { branding { accessibilityStatementUrl privacyNoticeUrl } } }');
    expect(read.data!.trust.branding).toEqual({ accessibilityStatementUrl: 'https://www.kgh.nhs.uk/a11y', privacyNoticeUrl: null });
  });

  it('sets the retention period within bounds', async () => {
    expect(fields(await api.as(ADMIN, 'mutation { setRetentionDays(days: 0) }'))).toEqual([{ field: 'days', message: 'must be 1 to 3650 days' }]);
    expect((await api.as<{ setRetentionDays: number }>(ADMIN, 'mutation { setRetentionDays(days: 120) }')).data!.setRetentionDays).toBe(120);
  });
});

describe('feature flags', () => {
  const FLAGS = 'query($ward: ID) { featureFlags(wardId: $ward) { flag trustDefault wardOverride effective } }';
  type Flag = { flag: string; trustDefault: boolean; wardOverride: boolean | null; effective: boolean };
  const flag = async (email: string, ward: string | undefined, name: string) =>
    (await api.as<{ featureFlags: Flag[] }>(email, FLAGS, { ward })).data!.featureFlags.find((f) => f.flag === graphqlEnumName(name))!;

  it('resolves trust default, then ward override, and the booking rules follow the effective value', async () => {
    expect(await flag(ADMIN, wards.ED, 'rebook')).toEqual({ flag: 'REBOOK', trustDefault: true, wardOverride: false, effective: false });
    expect(await flag(ADMIN, wards.CCU, 'unscheduledVisits')).toEqual({ flag: 'UNSCHEDULED_VISITS', trustDefault: false, wardOverride: null, effective: false });
    await api.as('ward.manager.rnq@nhs.net', 'mutation($ward: ID!) { setWardFeatureFlag(wardId: $ward, flag: UNSCHEDULED_VISITS, enabled: true) { flag } }', { ward: wards.CCU });
    expect((await flag(ADMIN, wards.CCU, 'unscheduledVisits')).effective).toBe(true);
    // the ward list says what each ward offers, by the same precedence (the console's ward's day needs nothing else)
    const offers = async () => Object.fromEntries((await api.as<{ wards: { id: string; takesUnscheduledVisits: boolean }[] }>(ADMIN, '{ wards { id takesUnscheduledVisits } }')).data!.wards.map((w) => [w.id, w.takesUnscheduledVisits]));
    expect(await offers()).toMatchObject({ [wards.CCU]: true, [wards.ED]: true });
    const now = await api.as('ward.manager.rnq@nhs.net', 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
      input: { wardId: wards.CCU, patientName: 'Ann Lee', contactName: 'Sam Lee', contactMobile: '07700900321', startNow: true },
    });
    expect(now.errors).toBeUndefined();
    await api.as(ADMIN, 'mutation { setTrustFeatureFlag(flag: REBOOK, enabled: false) { flag } }');
    expect(await flag(ADMIN, wards.CCU, 'rebook')).toMatchObject({ trustDefault: false, effective: false });
    await api.as(ADMIN, 'mutation($ward: ID!) { setWardFeatureFlag(wardId: $ward, flag: UNSCHEDULED_VISITS, enabled: null) { flag } }', { ward: wards.CCU });
    expect(await flag(ADMIN, wards.CCU, 'unscheduledVisits')).toMatchObject({ wardOverride: null, effective: false });
    expect((await offers())[wards.CCU]).toBe(false);
    expect(fields(await api.as(ADMIN, 'mutation { setTrustFeatureFlag(flag: TELEPORT, enabled: true) { flag } }'))).toEqual([{ field: 'flag', message: 'must be one of the FeatureFlag values' }]);
    expect(fields(await api.as(ADMIN, 'mutation { setTrustFeatureFlag(flag: VISITOR_FEEDBACK, enabled: true) { flag } }'))).toEqual([{ field: 'flag', message: 'must be one of the FeatureFlag values' }]);
    expect((await api.as<{ featureFlags: Flag[] }>(ADMIN, '{ featureFlags { flag } }')).data!.featureFlags.map((f) => f.flag)).not.toContain('interpreterRequests');
    expect(codes(await api.as('nurse.rnq@nhs.net', 'mutation($ward: ID!) { setWardFeatureFlag(wardId: $ward, flag: REBOOK, enabled: true) { flag } }', { ward: wards.ED }))).toEqual(['FORBIDDEN']);
  });
});

describe('video settings', () => {
  const UPDATE = 'mutation($input: VideoSettingsInput!) { updateVideoSettings(input: $input) { provider baseUrl graceMinutesAfterSlot secretSet } }';

  it('takes the provider secret write-only and uses it, and names bad values', async () => {
    const bad = await api.as(ADMIN, UPDATE, { input: { provider: 'ZOOM', baseUrl: 'http://meet.example.org', secret: 'short' } });
    expect(fields(bad)).toEqual([{ field: 'input.provider', message: 'must be one of the VideoProvider values' }]);
    // checked by the rule a visit's start uses: what is saved can be used
    for (const baseUrl of ['http://meet.example.org', 'https://meet.example.org/rooms', 'https://user:pass@meet.example.org']) {
      expect(fields(await api.as(ADMIN, UPDATE, { input: { provider: 'JITSI', baseUrl } }))).toEqual([
        { field: 'baseUrl', message: 'must be the https address of the Jitsi Meet server, with no path, query or credentials' },
      ]);
    }
    expect(fields(await api.as(ADMIN, UPDATE, { input: { secret: 'short' } }))).toEqual([
      { field: 'secret', message: 'must be 32 to 512 printable characters, without spaces' },
    ]);
    expect(fields(await api.as(ADMIN, UPDATE, { input: { secret: 'x'.repeat(200_000) } }))).toEqual([{ field: 'input.secret', message: 'must be at most 1000 characters' }]);
    expect(fields(await api.as(ADMIN, UPDATE, { input: { provider: null } }))).toEqual([{ field: 'input.provider', message: 'cannot be cleared; leave it out to keep the current value' }]);
    const secret = 'rnq-jitsi-secret-set-through-the-api-0123456789';
    const updated = await api.as<{ updateVideoSettings: Record<string, unknown> }>(ADMIN, UPDATE, { input: { secret, graceMinutesAfterSlot: 20 } });
    expect(updated.data!.updateVideoSettings).toEqual({ provider: 'JITSI', baseUrl: 'https://meet.kgh.nhs.uk', graceMinutesAfterSlot: 20, secretSet: true });
    expect(JSON.stringify(await api.as(ADMIN, '{ videoSettings { provider secretSet } }'))).not.toContain(secret);
    expect(codes(await api.as('nurse.rnq@nhs.net', '{ videoSettings { provider } }'))).toEqual(['FORBIDDEN']);
    const fromEnv = process.env.RNQ_JITSI_APP_SECRET;
    delete process.env.RNQ_JITSI_APP_SECRET;
    try {
      const start = new Date(NOW.getTime() + 5 * 60_000).toISOString();
      const booked = await api.as<{ bookVisit: { id: string } }>('nurse.rnq@nhs.net', 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
        input: { wardId: wards.ED, patientName: 'Ann Lee', contactName: 'Sam Lee', contactMobile: '07700900321', startAt: start },
      });
      const started = await api.as<{ startVisit: { wardDeviceJoinUrl: string } }>('nurse.rnq@nhs.net', 'mutation($id: ID!) { startVisit(id: $id) { wardDeviceJoinUrl } }', { id: booked.data!.bookVisit.id });
      expect(started.errors).toBeUndefined();
      expect(started.data!.startVisit.wardDeviceJoinUrl).toMatch(/^https:\/\/meet\.kgh\.nhs\.uk\/vv-[0-9a-f]{32}\?jwt=/);
    } finally {
      process.env.RNQ_JITSI_APP_SECRET = fromEnv;
    }
  });
});

describe('settings that the services using them could not work with', () => {
  const R1K_ADMIN = 'trust.admin@lnwh.nhs.uk';
  const ODS: Record<string, string> = { [ADMIN]: 'RNQ', [R1K_ADMIN]: 'R1K' };
  type Problem = { field: string; message: string };

  /**
   * An update refused as BAD_USER_INPUT naming exactly these fields, without the value given;
   * what `read` shows is as it was, and no change is audited.
   */
  async function expectRefused(who: string, mutation: string, variables: Record<string, unknown>, problems: Problem[], read: string, action: AuditAction, value: string) {
    const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: ODS[who] }));
    const audits = () => api.db.inTrust({ trustId: trust.id, odsCode: trust.odsCode }, (em) => em.count(AuditEvent, { record: { action } }));
    const [before, auditsBefore] = [await api.as(who, read), await audits()];
    const refused = await api.as(who, mutation, variables);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(fields(refused)).toEqual(problems);
    expect(JSON.stringify(refused)).not.toContain(value);
    expect(await api.as(who, read)).toEqual(before);
    expect(await audits()).toBe(auditsBefore);
  }

  it('refuses a video secret shorter than the 32 characters its description promises, and the visits of the trust keep working', async () => {
    const UPDATE = 'mutation($input: VideoSettingsInput!) { updateVideoSettings(input: $input) { secretSet } }';
    const secretRows = () => api.ownerOrm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from trust_secret where name = 'videoSecret'`);
    const rowsBefore = await secretRows();
    for (const secret of ['short', 'x'.repeat(31), ' '.repeat(40), 'a key with spaces in it, longer than 32']) {
      await expectRefused(R1K_ADMIN, UPDATE, { input: { secret } }, [{ field: 'secret', message: 'must be 32 to 512 printable characters, without spaces' }], '{ videoSettings { provider secretSet } }', 'trust.video_settings_updated', secret);
    }
    expect(await secretRows()).toEqual(rowsBefore);
    const tried = await api.as(R1K_ADMIN, 'mutation { testVideoProvider { provider } }');
    expect(tried.errors).toBeUndefined();
  });

  it('refuses a Notify API key or receipt token not in the form GOV.UK Notify issues, naming the field', async () => {
    const UPDATE = 'mutation($input: MessagingSettingsInput!) { updateMessagingSettings(input: $input) { notifyApiKeySet } }';
    const READ = '{ messagingSettings { notifyApiKeySet notifyServiceId callbackTokenSet } }';
    const uuid = '3d8e2f1a-6b4c-4d9e-8f7a-1b2c3d4e5f60';
    for (const notifyApiKey of ['short', `${uuid}-${uuid}`, `key name-${uuid}-${uuid}`, `key-${uuid}-not-a-uuid`]) {
      await expectRefused(ADMIN, UPDATE, { input: { notifyApiKey } }, [{ field: 'notifyApiKey', message: 'must be a GOV.UK Notify API key: {key name}-{service id}-{secret key}, both ids UUIDs' }], READ, 'trust.messaging_settings_updated', notifyApiKey);
    }
    await expectRefused(ADMIN, UPDATE, { input: { callbackToken: 'a-token-far-too-short' } }, [{ field: 'callbackToken', message: 'must be 32 to 200 printable characters without spaces' }], READ, 'trust.messaging_settings_updated', 'a-token-far-too-short');
  });

  it('refuses an empty template id instead of clearing it, a message given twice, and a list longer than there are messages', async () => {
    const UPDATE = 'mutation($input: MessagingSettingsInput!) { updateMessagingSettings(input: $input) { templates { kind sms email } } }';
    const READ = '{ messagingSettings { templates { kind sms email } } }';
    const AUDIT = 'trust.messaging_settings_updated';
    const empty = 'cannot be empty: give the Notify template id (a template can be replaced, not removed)';
    await expectRefused(ADMIN, UPDATE, { input: { templates: [{ kind: 'BOOKING_CONFIRMATION', sms: '', email: '' }] } }, [
      { field: 'templates.0.sms', message: empty },
      { field: 'templates.0.email', message: empty },
    ], READ, AUDIT, '""');
    // null is GraphQL's "not given": that channel keeps its template
    await expectRefused(ADMIN, UPDATE, { input: { templates: [{ kind: 'REMINDER', sms: null }, { kind: 'CANCELLED', email: '  ' }] } }, [{ field: 'templates.1.email', message: empty }], READ, AUDIT, '"  "');
    const id = '7b4a6d3c-2f7e-4a5e-9b1f-0c8d1e2f3a4b';
    await expectRefused(ADMIN, UPDATE, { input: { templates: [{ kind: 'REMINDER', sms: id }, { kind: 'CANCELLED', sms: id }, { kind: 'REMINDER', sms: id }] } }, [
      { field: 'templates.2.kind', message: 'is given twice: give each message once' },
    ], READ, AUDIT, 'canary-never-given');
    const many = await api.as(ADMIN, UPDATE, { input: { templates: Array.from({ length: 3000 }, () => ({ kind: 'REMINDER', sms: id })) } });
    expect(fields(many)).toEqual([{ field: 'templates', message: 'must list at most 6 messages, each once' }]);
    expect(JSON.stringify(many).length).toBeLessThan(1000);
    // a channel left out keeps its template
    const before = (await api.as<{ messagingSettings: { templates: { kind: string; sms: string | null; email: string | null }[] } }>(ADMIN, READ)).data!.messagingSettings.templates;
    const kept = before.find((t) => t.kind === 'BOOKING_CONFIRMATION')!;
    expect(kept.sms && kept.email).toBeTruthy();
    const replaced = await api.as<{ updateMessagingSettings: { templates: typeof before } }>(ADMIN, UPDATE, { input: { templates: [{ kind: 'BOOKING_CONFIRMATION', sms: id }] } });
    expect(replaced.data!.updateMessagingSettings.templates.find((t) => t.kind === 'BOOKING_CONFIRMATION')).toEqual({ kind: 'BOOKING_CONFIRMATION', sms: id, email: kept.email });
    await api.as(ADMIN, UPDATE, { input: { templates: [{ kind: 'BOOKING_CONFIRMATION', sms: kept.sms }] } });
  });

  it('refuses a ward listing more days than a week has with one problem', async () => {
    const UPDATE = 'mutation($id: ID!, $input: UpdateWardInput!) { updateWard(id: $id, input: $input) { id } }';
    const days = Array.from({ length: 4000 }, () => ({ day: 'MONDAY', ranges: ['14:00-20:00'] }));
    await expectRefused(ADMIN, UPDATE, { id: wards.ED, input: { visitingHours: days } }, [{ field: 'visitingHours', message: 'must list at most 7 days, each once' }], '{ wards { id visitingHours { day ranges } } }', 'ward.updated', 'canary-never-given');
  });

  it('refuses an address that is not a well-formed https URL for every link families open', async () => {
    const UPDATE = 'mutation($input: BrandingInput!) { updateBranding(input: $input) { displayName } }';
    const READ = '{ trust { branding { logoUrl accessibilityStatementUrl privacyNoticeUrl } } }';
    const message = 'must be a well-formed https URL: no spaces, quotes, angle brackets, backslashes or control characters';
    for (const url of ['https://example.com/a"onmouseover="alert(1)"<b>x</b>', 'https://example.com/a b', "https://example.com/it's", 'https://example.com\\evil', 'https://example.com/{x}']) {
      for (const field of ['privacyNoticeUrl', 'accessibilityStatementUrl', 'logoUrl']) {
        await expectRefused(ADMIN, UPDATE, { input: { [field]: url } }, [{ field, message }], READ, 'trust.branding_updated', url);
      }
    }
    const jitsi = await api.as(ADMIN, 'mutation($input: VideoSettingsInput!) { updateVideoSettings(input: $input) { baseUrl } }', { input: { baseUrl: 'https://meet"x.kgh.nhs.uk' } });
    expect(fields(jitsi)).toEqual([{ field: 'baseUrl', message }]);
  });
});
