import { parse, stringify } from 'yaml';
import { buildTenantConfig } from '@vv/domain/onboarding';
import { DEMO_TENANTS } from '@vv/domain/staff';
import { Trust, TrustGroup } from '@vv/domain/trusts';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/** The central team's view: every trust at a glance, and onboarding read before it is applied. */
const PLATFORM_ADMIN = 'platform.admin@nhs.net';
const TRUSTS = '{ platformTrusts { odsCode name status group { code name } wards staff lastActivityAt } }';
const PREVIEW = 'query($input: OnboardTrustInput!) { onboardingPreview(input: $input) { odsCode name group { code name } changes firstAdminEmail } }';

let api: ApiTestHarness;
const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code) ?? [];
const fields = (result: { errors?: { extensions?: unknown }[] }) => ((result.errors?.[0]?.extensions as { fields?: { field: string }[] })?.fields ?? []).map((f) => f.field).sort();

function document(odsCode: string, overrides: Record<string, unknown> = {}) {
  return stringify(buildTenantConfig(odsCode, 'Westshire', { identity: { acceptedTenantIds: [DEMO_TENANTS.nhsmail], inviteEmailDomains: ['nhs.net'] }, ...overrides }));
}

async function written() {
  return api.db.platform(async (em) => ({ trusts: await em.count(Trust, {}), groups: await em.count(TrustGroup, {}) }));
}

beforeAll(async () => {
  api = await startApiTestHarness({}, []);
  await api.loadDemoData();
});
afterAll(() => api?.close());

describe('the trusts list', () => {
  it('shows the central team every trust with its status, group and counts, and no person', async () => {
    const result = await api.as<{ platformTrusts: { odsCode: string; status: string; group: { code: string } | null; wards: number; staff: number; lastActivityAt: string | null }[] }>(PLATFORM_ADMIN, TRUSTS);
    expect(result.errors).toBeUndefined();
    const trusts = result.data!.platformTrusts;
    expect(trusts.map((t) => t.odsCode).sort()).toEqual(['R1K', 'RNQ', 'RNS']);
    const rnq = trusts.find((t) => t.odsCode === 'RNQ')!;
    expect(rnq).toMatchObject({ status: 'active', group: { code: 'UHN' } });
    const rnqWards = parse(await import('node:fs').then((fs) => fs.readFileSync('tenants/RNQ/trust.yaml', 'utf8'))).hospitals.flatMap((h: { wards: unknown[] }) => h.wards).length;
    expect(rnq.wards).toBe(rnqWards);
    expect(rnq.staff).toBeGreaterThan(0);
    expect(trusts.find((t) => t.odsCode === 'R1K')!.group).toBeNull();
    expect(JSON.stringify(result)).not.toMatch(/@nhs\.net|Nia Roberts/);
  });

  it.each([
    ['a trust admin', 'trust.admin@kgh.nhs.uk', undefined],
    ['a group admin', 'group.admin@nhs.net', 'RNQ'],
    ['an analyst', 'analyst.r1k@nhs.net', undefined],
    ['ward staff', 'nurse.rnq@nhs.net', undefined],
  ])('refuses %s', async (_who, email, trust) => {
    const result = await api.as(email, TRUSTS, {}, trust);
    expect(codes(result)).toEqual(['FORBIDDEN']);
    expect(result.data).toBeNull();
  });
});

describe('previewing an onboarding', () => {
  it('lists every change the document would make and writes nothing', async () => {
    const before = await written();
    const result = await api.as<{ onboardingPreview: { odsCode: string; changes: string[]; firstAdminEmail: string | null; group: unknown } }>(PLATFORM_ADMIN, PREVIEW, {
      input: { document: document('RXW'), firstAdminEmail: 'Lead.Nurse@nhs.net' },
    });
    expect(result.errors).toBeUndefined();
    const preview = result.data!.onboardingPreview;
    expect(preview).toMatchObject({ odsCode: 'RXW', firstAdminEmail: 'lead.nurse@nhs.net', group: null });
    expect(preview.changes).toEqual(expect.arrayContaining(['+ RXW trust RXW: Westshire NHS Trust', '+ RXW hospital RXW01: Westshire General Hospital', '+ RXW ward RXW01/ED: Westshire Emergency Department']));
    expect(await written()).toEqual(before);
    // the same document applied does what the preview said
    const applied = await api.as<{ onboardTrust: { changes: number } }>(PLATFORM_ADMIN, 'mutation($input: OnboardTrustInput!) { onboardTrust(input: $input) { changes } }', { input: { document: document('RXW') } });
    expect(applied.data!.onboardTrust.changes).toBe(preview.changes.length);
  });

  it('joins an existing group without changing it, and refuses a document that would rename it', async () => {
    const joining = await api.as<{ onboardingPreview: { group: { code: string; name: string }; changes: string[] } }>(PLATFORM_ADMIN, PREVIEW, {
      input: { document: document('RXU', { group: { code: 'UHN', name: 'University Hospitals of Northamptonshire' } }) },
    });
    expect(joining.errors).toBeUndefined();
    expect(joining.data!.onboardingPreview.group).toEqual({ code: 'UHN', name: 'University Hospitals of Northamptonshire' });
    expect(joining.data!.onboardingPreview.changes.filter((line) => line.includes('group'))).toEqual([]);
    const before = await written();
    const renaming = await api.as(PLATFORM_ADMIN, PREVIEW, { input: { document: document('RXU', { group: { code: 'UHN', name: 'Northamptonshire Renamed' } }) } });
    expect(codes(renaming)).toEqual(['BAD_USER_INPUT']);
    expect(fields(renaming)).toEqual(['document.group.name']);
    expect(await written()).toEqual(before);
  });

  it('names every problem of a bad document, refuses a trust already on the platform, and anyone but the central team', async () => {
    const bad = parse(document('RXV'));
    bad.retentionDays = 0;
    bad.branding.primaryColour = 'yellow';
    const result = await api.as(PLATFORM_ADMIN, PREVIEW, { input: { document: stringify(bad), firstAdminEmail: 'someone@example.com' } });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(fields(result)).toEqual(['document.branding.primaryColour', 'document.retentionDays']);
    const email = await api.as(PLATFORM_ADMIN, PREVIEW, { input: { document: document('RXV'), firstAdminEmail: 'someone@example.com' } });
    expect(fields(email)).toEqual(['firstAdminEmail']);
    expect(codes(await api.as(PLATFORM_ADMIN, PREVIEW, { input: { document: document('RNQ') } }))).toEqual(['CONFLICT']);
    expect(codes(await api.as('trust.admin@kgh.nhs.uk', PREVIEW, { input: { document: document('RXV') } }))).toEqual(['FORBIDDEN']);
  });
});
