import { parse, stringify } from 'yaml';
import { PlatformAuditEvent } from '@vv/domain/audit';
import { buildTenantConfig } from '@vv/domain/trusts/testing';
import { DEMO_TENANTS } from '@vv/demo';
import { PlatformInvitation, PlatformRoleAssignment } from '@vv/domain/staff';
import { Trust, TrustGroup } from '@vv/domain/trusts';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT: the suite's clock, held still

/** The central team's view: every trust at a glance, and onboarding read before it is applied. */
const PLATFORM_ADMIN = 'platform.admin@nhs.net';
const TRUSTS = '{ platformTrusts { odsCode name status group { code name } wards staff lastActivityAt } }';
const PREVIEW = 'query($input: OnboardTrustInput!) { onboardingPreview(input: $input) { odsCode name group { code name } changes firstAdminEmail } }';

/** Invited to a group role by the central team, never signed in before. */
const FIRST_GROUP_ANALYST = { email: 'uhn.analyst@nhs.net', displayName: 'Noor Khan (new UHN analyst)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-0000000000f3', roles: [], invitedOnly: true };

let api: ApiTestHarness;
const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code) ?? [];
const fields = (result: { errors?: { extensions?: unknown }[] }) => ((result.errors?.[0]?.extensions as { fields?: { field: string }[] })?.fields ?? []).map((f) => f.field).sort();

function document(odsCode: string, overrides: Record<string, unknown> = {}) {
  return stringify(buildTenantConfig(odsCode, 'Westshire', { identity: { acceptedTenantIds: [DEMO_TENANTS.nhsmail], inviteEmailDomains: ['nhs.net'] }, ...overrides }));
}

async function written() {
  return api.db.platform(async (em) => ({
    trusts: await em.count(Trust, {}),
    groups: await em.count(TrustGroup, {}),
    platformRoles: await em.count(PlatformRoleAssignment, {}),
    invitations: await em.count(PlatformInvitation, {}),
  }));
}

beforeAll(async () => {
  api = await startApiTestHarness({}, [FIRST_GROUP_ANALYST], { clock: () => NOW });
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
    expect(rnq).toMatchObject({ status: 'ACTIVE', group: { code: 'UHN' } });
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

describe('trust groups', () => {
  const CREATE = 'mutation($code: String!, $name: String!) { createTrustGroup(code: $code, name: $name) { code name trusts { odsCode } } }';
  const MOVE = 'mutation($ods: String!, $group: String) { moveTrustToGroup(odsCode: $ods, groupCode: $group) { odsCode group { code } } }';
  const GROUPS = '{ trustGroups { code name trusts { odsCode } } }';

  it('creates a group, moves a trust into it and out again, and its group roles follow at once; audited', async () => {
    const created = await api.as<{ createTrustGroup: unknown }>(PLATFORM_ADMIN, CREATE, { code: 'nwl', name: 'North West London' });
    expect(created.data!.createTrustGroup).toEqual({ code: 'NWL', name: 'North West London', trusts: [] });
    expect(codes(await api.as(PLATFORM_ADMIN, CREATE, { code: 'NWL', name: 'Again' }))).toEqual(['CONFLICT']);

    const moved = await api.as<{ moveTrustToGroup: unknown }>(PLATFORM_ADMIN, MOVE, { ods: 'R1K', group: 'NWL' });
    expect(moved.data!.moveTrustToGroup).toEqual({ odsCode: 'R1K', group: { code: 'NWL' } });
    const groups = await api.as<{ trustGroups: { code: string; trusts: { odsCode: string }[] }[] }>(PLATFORM_ADMIN, GROUPS);
    expect(groups.data!.trustGroups.find((g) => g.code === 'NWL')!.trusts).toEqual([{ odsCode: 'R1K' }]);

    // UHN's analyst reaches RNS through the group until RNS leaves it
    expect((await api.as<{ me: { trusts: { odsCode: string }[] } }>('group.analyst@nhs.net', '{ me { trusts { odsCode } } }')).data!.me.trusts.map((t) => t.odsCode)).toContain('RNS');
    await api.as(PLATFORM_ADMIN, MOVE, { ods: 'RNS', group: null });
    expect((await api.as<{ me: { trusts: { odsCode: string }[] } }>('group.analyst@nhs.net', '{ me { trusts { odsCode } } }')).data!.me.trusts.map((t) => t.odsCode)).not.toContain('RNS');
    await api.as(PLATFORM_ADMIN, MOVE, { ods: 'RNS', group: 'UHN' });
    expect((await api.as<{ me: { trusts: { odsCode: string }[] } }>('group.analyst@nhs.net', '{ me { trusts { odsCode } } }')).data!.me.trusts.map((t) => t.odsCode)).toContain('RNS');

    const audited = await api.db.platform((em) => em.count(PlatformAuditEvent, { record: { action: { $in: ['group.created', 'trust.group_changed'] } } }));
    expect(audited).toBe(4);
  });

  it('names the field of bad input and writes nothing; refuses anyone but the central team', async () => {
    const before = await written();
    const bad = await api.as(PLATFORM_ADMIN, CREATE, { code: 'not a code', name: '  ' });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(fields(bad)).toEqual(['code', 'name']);
    expect(fields(await api.as(PLATFORM_ADMIN, MOVE, { ods: 'R1K', group: 'NOSUCH' }))).toEqual(['groupCode']);
    expect(codes(await api.as(PLATFORM_ADMIN, MOVE, { ods: 'ZZZ', group: 'UHN' }))).toEqual(['NOT_FOUND']);
    for (const [email, trust] of [['group.admin@nhs.net', 'RNQ'], ['trust.admin@kgh.nhs.uk', undefined]] as const) {
      expect(codes(await api.as(email, CREATE, { code: 'XYZ', name: 'X' }, trust))).toEqual(['FORBIDDEN']);
      expect(codes(await api.as(email, MOVE, { ods: 'RNQ', group: null }, trust))).toEqual(['FORBIDDEN']);
      expect(codes(await api.as(email, GROUPS, {}, trust))).toEqual(['FORBIDDEN']);
    }
    expect(await written()).toEqual(before);
  });
});

describe('platform roles', () => {
  const GRANT = 'mutation($input: GrantPlatformRoleInput!) { grantPlatformRole(input: $input) { id status email role group { code } } }';
  const REVOKE = 'mutation($id: ID!) { revokePlatformRole(id: $id) }';
  const ROLES = '{ platformRoles { id status email role group { code } } }';

  it('invites a group analyst who then signs in with the group’s trusts, and revokes the role at once; audited', async () => {
    const granted = await api.as<{ grantPlatformRole: { id: string; status: string } }>(PLATFORM_ADMIN, GRANT, {
      input: { email: 'New.Analyst@nhs.net', entraTenantId: DEMO_TENANTS.nhsmail, role: 'REPORTING_ANALYST', groupCode: 'UHN' },
    });
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantPlatformRole).toMatchObject({ status: 'INVITED', email: 'new.analyst@nhs.net' });
    expect(codes(await api.as(PLATFORM_ADMIN, GRANT, { input: { email: 'new.analyst@nhs.net', entraTenantId: DEMO_TENANTS.nhsmail, role: 'REPORTING_ANALYST', groupCode: 'UHN' } }))).toEqual(['CONFLICT']);

    // someone who has signed in before gets the role at once: the UHN group admin, made analyst too
    const direct = await api.as<{ grantPlatformRole: { id: string; status: string } }>(PLATFORM_ADMIN, GRANT, {
      input: { email: 'group.admin@nhs.net', entraTenantId: DEMO_TENANTS.nhsmail, role: 'PLATFORM_ADMIN' },
    });
    expect(direct.data!.grantPlatformRole.status).toBe('ACTIVE');
    expect((await api.as<{ platformTrusts: unknown[] }>('group.admin@nhs.net', TRUSTS)).data!.platformTrusts.length).toBeGreaterThan(0);
    const listed = await api.as<{ platformRoles: { id: string; status: string; email: string; role: string }[] }>(PLATFORM_ADMIN, ROLES);
    expect(listed.data!.platformRoles).toEqual(expect.arrayContaining([
      expect.objectContaining({ email: 'new.analyst@nhs.net', status: 'INVITED', role: 'REPORTING_ANALYST', group: { code: 'UHN' } }),
      expect.objectContaining({ email: 'group.admin@nhs.net', status: 'ACTIVE', role: 'PLATFORM_ADMIN', group: null }),
    ]));

    expect(await api.as<{ revokePlatformRole: boolean }>(PLATFORM_ADMIN, REVOKE, { id: direct.data!.grantPlatformRole.id })).toMatchObject({ data: { revokePlatformRole: true } });
    expect(codes(await api.as('group.admin@nhs.net', TRUSTS, {}, 'RNQ'))).toEqual(['FORBIDDEN']);
    expect(await api.as(PLATFORM_ADMIN, REVOKE, { id: granted.data!.grantPlatformRole.id })).toMatchObject({ data: { revokePlatformRole: true } });
    const after = await api.as<{ platformRoles: { email: string }[] }>(PLATFORM_ADMIN, ROLES);
    expect(after.data!.platformRoles.map((r) => r.email)).not.toContain('new.analyst@nhs.net');
    const audited = await api.db.platform((em) => em.count(PlatformAuditEvent, { record: { action: { $in: ['platform.role_invited', 'platform.role_granted', 'platform.role_revoked', 'platform.invitation_revoked'] } } }));
    expect(audited).toBe(4);
  });

  it('binds an invited group role at the first sign-in', async () => {
    const invited = await api.as<{ grantPlatformRole: { id: string } }>(PLATFORM_ADMIN, GRANT, {
      input: { email: FIRST_GROUP_ANALYST.email, entraTenantId: DEMO_TENANTS.nhsmail, role: 'REPORTING_ANALYST', groupCode: 'UHN' },
    });
    expect(invited.errors).toBeUndefined();
    const me = await api.as<{ me: { trusts: { odsCode: string; roles: string[] }[]; platformRoles: { role: string; scope: string; group: { name: string } | null }[] } }>(FIRST_GROUP_ANALYST.email, '{ me { trusts { odsCode roles } platformRoles { role scope group { name } } } }');
    expect(me.data!.me.trusts).toEqual([{ odsCode: 'RNQ', roles: ['REPORTING_ANALYST'] }, { odsCode: 'RNS', roles: ['REPORTING_ANALYST'] }]);
    expect(me.data!.me.platformRoles).toEqual([{ role: 'REPORTING_ANALYST', scope: 'GROUP', group: { name: 'University Hospitals of Northamptonshire' } }]);
  });

  it('names the field of bad input, never leaves the platform without an admin, and refuses anyone but the central team', async () => {
    const before = await written();
    const bad = await api.as(PLATFORM_ADMIN, GRANT, { input: { email: 'nobody', entraTenantId: 'nhsmail', role: 'GROUP_ADMIN' } });
    expect(fields(bad)).toEqual(['email', 'entraTenantId', 'groupCode']);
    expect(fields(await api.as(PLATFORM_ADMIN, GRANT, { input: { email: 'a@nhs.net', entraTenantId: DEMO_TENANTS.nhsmail, role: 'PLATFORM_ADMIN', groupCode: 'UHN' } }))).toEqual(['groupCode']);
    expect(fields(await api.as(PLATFORM_ADMIN, GRANT, { input: { email: 'a@nhs.net', entraTenantId: DEMO_TENANTS.nhsmail, role: 'GROUP_ADMIN', groupCode: 'NOPE' } }))).toEqual(['groupCode']);
    expect(codes(await api.as(PLATFORM_ADMIN, GRANT, { input: { email: 'a@nhs.net', entraTenantId: DEMO_TENANTS.nhsmail, role: 'trust_admin' } }))).toEqual(['BAD_USER_INPUT']);
    const roles = await api.as<{ platformRoles: { id: string; email: string; role: string }[] }>(PLATFORM_ADMIN, ROLES);
    const own = roles.data!.platformRoles.find((r) => r.email === PLATFORM_ADMIN && r.role === 'PLATFORM_ADMIN')!;
    expect(codes(await api.as(PLATFORM_ADMIN, REVOKE, { id: own.id }))).toEqual(['CONFLICT']);
    expect(codes(await api.as(PLATFORM_ADMIN, REVOKE, { id: 'not-an-id' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await api.as(PLATFORM_ADMIN, REVOKE, { id: '00000000-0000-4000-8000-000000000000' }))).toEqual(['NOT_FOUND']);
    for (const [email, trust] of [['group.admin@nhs.net', 'RNQ'], ['trust.admin@kgh.nhs.uk', undefined]] as const) {
      expect(codes(await api.as(email, GRANT, { input: { email: 'x@nhs.net', entraTenantId: DEMO_TENANTS.nhsmail, role: 'PLATFORM_ADMIN' } }, trust))).toEqual(['FORBIDDEN']);
      expect(codes(await api.as(email, REVOKE, { id: own.id }, trust))).toEqual(['FORBIDDEN']);
      expect(codes(await api.as(email, ROLES, {}, trust))).toEqual(['FORBIDDEN']);
    }
    expect(await written()).toEqual(before);
  });
});
