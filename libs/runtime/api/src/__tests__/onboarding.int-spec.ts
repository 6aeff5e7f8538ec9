import { parse, stringify } from 'yaml';
import { PlatformAuditEvent } from '@vv/domain/audit';
import { TrustConfigurationService } from '@vv/domain/onboarding';
import { buildTenantConfig } from '@vv/domain/trusts/testing';
import { DEMO_TENANTS } from '@vv/demo';
import { parseTenantConfig, Trust } from '@vv/domain/trusts';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT: the suite's clock, held still

/** The central team brings a trust on, its first admin signs in; bad documents change nothing; suspension and export. */
const FIRST_ADMIN = { email: 'first.admin@nhs.net', displayName: 'First Admin', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-0000000000f1', roles: [], invitedOnly: true };
const ONBOARD = 'mutation($input: OnboardTrustInput!) { onboardTrust(input: $input) { id odsCode status changes firstAdminInvitationId } }';
let api: ApiTestHarness;
const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code) ?? [];

function document(odsCode: string, overrides: Record<string, unknown> = {}) {
  const config = buildTenantConfig(odsCode, 'Northshire', { identity: { acceptedTenantIds: [DEMO_TENANTS.nhsmail], inviteEmailDomains: ['nhs.net'] }, ...overrides });
  return stringify(config);
}

beforeAll(async () => {
  api = await startApiTestHarness({}, [FIRST_ADMIN], { clock: () => NOW });
  await api.loadDemoData();
});
afterAll(() => api?.close());

describe('onboarding a trust', () => {
  it('creates the trust from a document in one go, and its first admin can sign in and run it', async () => {
    const result = await api.as<{ onboardTrust: Record<string, unknown> }>('platform.admin@nhs.net', ONBOARD, { input: { document: document('RXA'), firstAdminEmail: 'First.Admin@nhs.net' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.onboardTrust).toMatchObject({ odsCode: 'RXA', status: 'ACTIVE', firstAdminInvitationId: expect.any(String) });
    const me = await api.as<{ me: { trusts: { odsCode: string; roles: string[] }[] } }>(FIRST_ADMIN.email, '{ me { trusts { odsCode roles } } }');
    expect(me.data!.me.trusts).toEqual([{ odsCode: 'RXA', roles: ['TRUST_ADMIN'] }]);
    const wards = await api.as<{ wards: { name: string }[] }>(FIRST_ADMIN.email, '{ wards { name } }');
    expect(wards.data!.wards.map((w) => w.name).sort()).toEqual(['Northshire Emergency Department', 'Northshire Ward One']);
    const audit = await api.db.platform((em) => em.count(PlatformAuditEvent, { record: { action: 'trust.onboarded' } }));
    expect(audit).toBe(1);
  });

  it('rejects a bad document naming every problem, and writes nothing', async () => {
    const before = await api.db.platform((em) => em.count(Trust, {}));
    const bad = parse(document('RXB'));
    bad.retentionDays = 0;
    bad.branding.primaryColour = 'blue';
    bad.hospitals[0].wards[0].maxConcurrentVisits = 0;
    bad.messaging.notifyApiKeyEnv = 'live-key-pasted-here';
    const result = await api.as('platform.admin@nhs.net', ONBOARD, { input: { document: stringify(bad) } });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    const fields = (result.errors![0].extensions as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['document.branding.primaryColour', 'document.hospitals.0.wards.0.maxConcurrentVisits', 'document.messaging.notifyApiKeyEnv', 'document.retentionDays']);
    expect(JSON.stringify(result)).not.toContain('live-key-pasted-here');
    const notYaml = await api.as('platform.admin@nhs.net', ONBOARD, { input: { document: 'odsCode: [RXB' } });
    expect(codes(notYaml)).toEqual(['BAD_USER_INPUT']);
    // a line the YAML parser stumbles on three times is one problem; an empty document is told so in words
    for (const text of ['{{{{', '']) {
      const unreadable = await api.as('platform.admin@nhs.net', ONBOARD, { input: { document: text } });
      expect(codes(unreadable)).toEqual(['BAD_USER_INPUT']);
      const problems = (unreadable.errors![0].extensions as { fields: { field: string; message: string }[] }).fields;
      expect(problems.length).toBeGreaterThan(0);
      expect(new Set(problems.map((p) => `${p.field}: ${p.message}`)).size).toBe(problems.length);
      expect(JSON.stringify(problems)).not.toMatch(/Invalid input|expected object|received/);
    }
    expect(await api.db.platform((em) => em.count(Trust, {}))).toBe(before);
  });

  it('refuses anyone but the central team, and a trust that is already on', async () => {
    for (const email of ['trust.admin@kgh.nhs.uk', 'group.admin@nhs.net', 'nurse.rnq@nhs.net']) {
      expect({ email, codes: codes(await api.as(email, ONBOARD, { input: { document: document('RXC') } }, email === 'group.admin@nhs.net' ? 'RNQ' : undefined)) }).toEqual({ email, codes: ['FORBIDDEN'] });
    }
    expect(codes(await api.as('platform.admin@nhs.net', ONBOARD, { input: { document: document('RNQ') } }))).toEqual(['CONFLICT']);
  });
});

describe('suspending a trust', () => {
  const STATUS = 'mutation($ods: String!, $status: TrustStatusChange!) { setTrustStatus(odsCode: $ods, status: $status) { status } }';

  it("stops its staff signing in, keeps its data, and lets them back when reactivated", async () => {
    expect(codes(await api.as('trust.admin@kgh.nhs.uk', STATUS, { ods: 'R1K', status: 'SUSPENDED' }))).toEqual(['FORBIDDEN']);
    expect((await api.as<{ setTrustStatus: { status: string } }>('platform.admin@nhs.net', STATUS, { ods: 'R1K', status: 'SUSPENDED' })).data!.setTrustStatus.status).toBe('SUSPENDED');
    expect(codes(await api.as('nurse.r1k@nhs.net', '{ wards { id } }', undefined, 'R1K'))).toEqual(['FORBIDDEN']);
    await api.as('platform.admin@nhs.net', STATUS, { ods: 'R1K', status: 'ACTIVE' });
    expect((await api.as<{ wards: unknown[] }>('nurse.r1k@nhs.net', '{ wards { id } }')).data!.wards).toHaveLength(1);
  });

  it('archiving keeps a trust readable by its staff but refuses every change, and cannot be undone', async () => {
    expect((await api.as<{ setTrustStatus: { status: string } }>('platform.admin@nhs.net', STATUS, { ods: 'RNS', status: 'ARCHIVED' })).data!.setTrustStatus.status).toBe('ARCHIVED');
    const wards = await api.as<{ wards: { id: string }[] }>('nurse.rns@nhs.net', '{ wards { id } }');
    expect(wards.data!.wards).toHaveLength(1);
    const booking = await api.as('nurse.rns@nhs.net', 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
      input: { wardId: wards.data!.wards[0].id, patientName: 'Ann Lee', contactName: 'Sam Lee', contactMobile: '07700900321', startAt: new Date(NOW.getTime() + 3600_000).toISOString() },
    });
    expect(codes(booking)).toEqual(['FORBIDDEN']);
    expect(booking.errors![0].message).toBe('This trust is archived: its records can be read but not changed');
    expect(codes(await api.as('platform.admin@nhs.net', STATUS, { ods: 'RNS', status: 'ACTIVE' }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('exporting a configuration', () => {
  it('gives back the tenants/ document, and applying it changes nothing', async () => {
    const exported = await api.as<{ trustConfiguration: string }>('platform.admin@nhs.net', '{ trustConfiguration(odsCode: "RNQ") }');
    const config = parseTenantConfig(parse(exported.data!.trustConfiguration), 'export');
    const plan = await new TrustConfigurationService(api.db).apply(config, { dryRun: true });
    expect(plan.changes).toEqual([]);
    const own = await api.as<{ trustConfiguration: string }>('trust.admin@kgh.nhs.uk', '{ trustConfiguration(odsCode: "RNQ") }');
    expect(own.data!.trustConfiguration).toBe(exported.data!.trustConfiguration);
    expect(codes(await api.as('trust.admin@kgh.nhs.uk', '{ trustConfiguration(odsCode: "RNS") }'))).toEqual(['NOT_FOUND']);
    expect(codes(await api.as('nurse.rnq@nhs.net', '{ trustConfiguration(odsCode: "RNQ") }'))).toEqual(['NOT_FOUND']);
  });

  it('says an archived hospital is archived, and applying that document changes nothing', async () => {
    const ADMIN = 'trust.admin@kgh.nhs.uk';
    const places = (await api.as<{ wards: { id: string; hospital: { id: string; siteCode: string } }[] }>(ADMIN, '{ wards { id hospital { id siteCode } } }')).data!.wards.filter((w) => w.hospital.siteCode === 'RNQ02');
    for (const ward of places) await api.as(ADMIN, 'mutation($id: ID!) { archiveWard(id: $id) { id } }', { id: ward.id });
    const archived = await api.as(ADMIN, 'mutation($id: ID!) { archiveHospital(id: $id) { id } }', { id: places[0].hospital.id });
    expect(archived.errors).toBeUndefined();
    const exported = await api.as<{ trustConfiguration: string }>('platform.admin@nhs.net', '{ trustConfiguration(odsCode: "RNQ") }');
    const config = parseTenantConfig(parse(exported.data!.trustConfiguration), 'export');
    const nenePark = config.hospitals.find((h) => h.siteCode === 'RNQ02')!;
    expect(nenePark.status).toBe('archived');
    expect(nenePark.wards.map((w) => w.status)).toEqual(['archived', 'archived']);
    expect(config.hospitals.filter((h) => h.siteCode !== 'RNQ02').every((h) => h.status === 'active')).toBe(true);
    expect((await new TrustConfigurationService(api.db).apply(config, { dryRun: true })).changes).toEqual([]);
  });
});
