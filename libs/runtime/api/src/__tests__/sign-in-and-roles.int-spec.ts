import { SignJWT, generateKeyPair } from 'jose';
import { PlatformAuditEvent, AuditEvent } from '@vv/domain/audit';
import { DEMO_TENANTS } from '@vv/demo';
import { CallerCache, Invitation, RoleAssignment, StaffMember, TOKEN_REFUSAL_RECORDER } from '@vv/domain/staff';
import { DatabaseChangeFeed, type ChangeFeedEvent } from '@vv/platform/database';
import { Trust, Ward } from '@vv/domain/trusts';
import type { TokenRefusalRecorder } from '@vv/platform/auth';
import { requestDemoAccessToken } from '@vv/platform/identity-provider';
import { DEV_API_AUDIENCE } from '@vv/platform/config';
import { startApiTestHarness, UNACCEPTED_TENANT_ID, type ApiTestHarness } from '../testing/api-test-harness';
import { until } from '@vv/platform/testing';

const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT: the suite's clock, held still

/**
 * Sign-in with Entra-shaped tokens from the local identity provider, and what each role
 * can and cannot do, through the public GraphQL API.
 */
const STRANGER = { email: 'stranger@nhs.net', displayName: 'Not Invited', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-0000000000ee', roles: [], invitedOnly: true };
const OUTSIDER = { email: 'someone@elsewhere.org', displayName: 'Outsider', tenantId: UNACCEPTED_TENANT_ID, objectId: 'a0000000-0000-4000-8000-0000000000ef', roles: [], invitedOnly: true };
// the new starter's address, signing in from Kettering's own Entra tenant as a different person
// someone already signed in who is then given another role
const GRANTEE = { email: 'grantee@nhs.net', displayName: 'Given More Roles', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-0000000000ec', roles: [], invitedOnly: true };
// a second trust admin for Kettering, invited only when a test needs one
const DEPUTY_ADMIN = { email: 'deputy.admin@kgh.nhs.uk', displayName: 'Second RNQ Trust Admin', tenantId: DEMO_TENANTS.kettering, objectId: 'a0000000-0000-4000-8000-0000000000eb', roles: [], invitedOnly: true };
const IMPOSTER = { email: 'new.starter@nhs.net', displayName: 'Same Email, Other Person', tenantId: DEMO_TENANTS.kettering, objectId: 'a0000000-0000-4000-8000-0000000000ed', roles: [], invitedOnly: true };

let api: ApiTestHarness;
const WARDS = '{ wards { code hospital { siteCode } } }';
const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code) ?? [];

beforeAll(async () => {
  api = await startApiTestHarness({}, [STRANGER, OUTSIDER, IMPOSTER, GRANTEE, DEPUTY_ADMIN], { clock: () => NOW });
  await api.loadDemoData();
});
afterAll(() => api?.close());

describe('bearer tokens', () => {
  it('accepts a token from the identity provider and says who the caller is', async () => {
    const result = await api.as<{ me: { email: string; activeTrust: string; trusts: { odsCode: string; roles: string[] }[] } }>('nurse.rnq@nhs.net', '{ me { email activeTrust trusts { odsCode roles } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.me).toEqual({ email: 'nurse.rnq@nhs.net', activeTrust: 'RNQ', trusts: [{ odsCode: 'RNQ', roles: ['WARD_STAFF'] }] });
  });

  it('refuses a missing, malformed, foreign-signed or unaccepted-tenant token with UNAUTHENTICATED and no detail', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ tid: DEMO_TENANTS.nhsmail, oid: 'a0000000-0000-4000-8000-000000000001', ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer(`${api.identityProvider.authorityBase}/${DEMO_TENANTS.nhsmail}/v2.0`)
      .setAudience(DEV_API_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const outsider = await api.tokenFor(OUTSIDER.email, UNACCEPTED_TENANT_ID);
    for (const authorization of [undefined, 'Bearer', 'Basic abc', 'Bearer not-a-token', `Bearer ${forged}`, `Bearer ${outsider}`]) {
      const result = await api.graphql('{ me { email } }', undefined, authorization ? { authorization } : {});
      expect({ authorization: authorization?.slice(0, 12), codes: codes(result) }).toEqual({ authorization: authorization?.slice(0, 12), codes: ['UNAUTHENTICATED'] });
      expect(result.errors![0].message).toBe('Sign in to continue');
    }
  });

  it('refuses a token issued for another API', async () => {
    const other = await requestDemoAccessToken({ authorityBase: api.identityProvider.authorityBase, tenantId: DEMO_TENANTS.nhsmail, email: 'nurse.rnq@nhs.net', audience: DEV_API_AUDIENCE });
    const tampered = other.split('.');
    const payload = JSON.parse(Buffer.from(tampered[1], 'base64url').toString());
    tampered[1] = Buffer.from(JSON.stringify({ ...payload, aud: 'api://other' })).toString('base64url');
    const result = await api.graphql('{ me { email } }', undefined, { authorization: `Bearer ${tampered.join('.')}` });
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
  });

  it('audits refused tokens as counts by reason, never the token', async () => {
    await api.graphql('{ me { email } }', undefined, { authorization: 'Bearer not-a-token' });
    await (api.appGet<TokenRefusalRecorder>(TOKEN_REFUSAL_RECORDER)).drain();
    const events = await api.db.platform((em) => em.find(PlatformAuditEvent, { record: { action: 'auth.tokens_refused' } }));
    expect(events.length).toBeGreaterThan(0);
    const detail = events.map((e) => e.record.detail).reduce((all, d) => ({ ...all, ...d }), {});
    expect(Object.keys(detail!)).toEqual(expect.arrayContaining(['malformed']));
    expect(JSON.stringify(events)).not.toContain('not-a-token');
  });

  it('refuses someone with a valid token who holds no role', async () => {
    const result = await api.as(STRANGER.email, '{ me { email } }');
    expect(codes(result)).toEqual(['FORBIDDEN']);
  });
});

describe('the active trust', () => {
  it('needs no X-Trust for someone in one trust, and refuses a trust where they hold no role', async () => {
    const own = await api.as<{ trust: { odsCode: string } }>('nurse.rnq@nhs.net', '{ trust { odsCode } }');
    expect(own.errors).toBeUndefined();
    expect(own.data?.trust.odsCode).toBe('RNQ');
    for (const other of ['RNS', 'R1K', 'XXX']) {
      expect(codes(await api.as('nurse.rnq@nhs.net', '{ trust { odsCode } }', undefined, other))).toEqual(['FORBIDDEN']);
    }
  });

  it('lets a person with roles in RNQ and RNS switch with X-Trust, and asks them to choose otherwise', async () => {
    expect(codes(await api.as('bank.nurse@nhs.net', WARDS))).toEqual(['FORBIDDEN']);
    const rnq = await api.as<{ wards: { code: string; hospital: { siteCode: string } }[] }>('bank.nurse@nhs.net', WARDS, undefined, 'RNQ');
    const rns = await api.as<{ wards: { code: string; hospital: { siteCode: string } }[] }>('bank.nurse@nhs.net', WARDS, undefined, 'RNS');
    expect(rnq.data!.wards).toEqual([{ code: 'ED', hospital: { siteCode: 'RNQ01' } }]);
    expect(rns.data!.wards).toEqual([{ code: 'ED', hospital: { siteCode: 'RNS01' } }]);
    const me = await api.as<{ me: { trusts: { odsCode: string }[] } }>('bank.nurse@nhs.net', '{ me { trusts { odsCode } } }');
    expect(me.data!.me.trusts.map((t) => t.odsCode)).toEqual(['RNQ', 'RNS']);
  });

  it('asks for one trust when X-Trust names two, or is given twice', async () => {
    for (const named of ['RNQ, RNS', 'RNQ,RNQ']) {
      const result = await api.as('bank.nurse@nhs.net', WARDS, undefined, named);
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(result.errors)).toContain('must name one trust');
    }
  });
});

describe('what each role sees of wards', () => {
  const wardsOf = async (email: string, trust?: string) => {
    const result = await api.as<{ wards: { code: string; hospital: { siteCode: string } }[] }>(email, WARDS, undefined, trust);
    expect(result.errors).toBeUndefined();
    return result.data!.wards.map((w) => `${w.hospital.siteCode}/${w.code}`).sort();
  };

  it('ward staff and ward managers see only their wards; a hospital manager their hospital', async () => {
    expect(await wardsOf('nurse.rnq@nhs.net')).toEqual(['RNQ01/ED']);
    expect(await wardsOf('ward.manager.rnq@nhs.net')).toEqual(['RNQ01/CCU', 'RNQ01/W6-RESP']);
    const hospital = await wardsOf('ward.manager.rns@nhs.net');
    expect(hospital.length).toBeGreaterThan(2);
    expect(hospital.every((w) => w.startsWith('RNS01/'))).toBe(true);
  });

  it('trust admins, group admins and analysts see every ward of the active trust; the platform admin none', async () => {
    const all = await wardsOf('trust.admin@kgh.nhs.uk');
    expect(all.length).toBe(8);
    expect(await wardsOf('group.admin@nhs.net', 'RNQ')).toEqual(all);
    expect(await wardsOf('group.analyst@nhs.net', 'RNQ')).toEqual(all);
    expect(await wardsOf('platform.admin@nhs.net', 'RNQ')).toEqual([]);
  });

  it("a group admin's reach ends at the group's trusts", async () => {
    expect(codes(await api.as('group.admin@nhs.net', WARDS, undefined, 'R1K'))).toEqual(['FORBIDDEN']);
    expect(codes(await api.as('group.analyst@nhs.net', WARDS, undefined, 'R1K'))).toEqual(['FORBIDDEN']);
    expect((await api.as('group.admin@nhs.net', '{ staff { email } }', undefined, 'RNS')).errors).toBeUndefined();
  });
});

describe('the platform admin', () => {
  it('reads any trust\'s metadata but none of its staff, wards or people', async () => {
    for (const trust of ['RNQ', 'RNS', 'R1K']) {
      const result = await api.as<{ trust: { odsCode: string } }>('platform.admin@nhs.net', '{ trust { odsCode } }', undefined, trust);
      expect(result.data?.trust.odsCode).toBe(trust);
    }
    expect(codes(await api.as('platform.admin@nhs.net', '{ staff { email } }', undefined, 'RNQ'))).toEqual(['FORBIDDEN']);
    expect(codes(await api.as('platform.admin@nhs.net', '{ invitations { email } }', undefined, 'RNQ'))).toEqual(['FORBIDDEN']);
  });
});

describe('staff administration', () => {
  const INVITE = 'mutation Invite($input: InviteStaffInput!) { inviteStaff(input: $input) { id email role scope status ward { name } } }';
  const wardId = async (site: string, code: string) => {
    const result = await api.as<{ wards: { id: string; code: string; hospital: { siteCode: string } }[] }>('trust.admin@kgh.nhs.uk', '{ wards { id code hospital { siteCode } } }');
    return result.data!.wards.find((w) => w.code === code && w.hospital.siteCode === site)!.id;
  };

  it('only trust and group admins may list staff or invite', async () => {
    for (const email of ['nurse.rnq@nhs.net', 'ward.manager.rnq@nhs.net', 'group.analyst@nhs.net']) {
      expect({ email, codes: codes(await api.as(email, '{ staff { email } }', undefined, 'RNQ')) }).toEqual({ email, codes: ['FORBIDDEN'] });
    }
    const staff = await api.as<{ staff: { email: string }[] }>('trust.admin@kgh.nhs.uk', '{ staff { email roles { role scope ward { name } } } }');
    expect(staff.data!.staff.map((s) => s.email)).toEqual(expect.arrayContaining(['nurse.rnq@nhs.net', 'bank.nurse@nhs.net', 'trust.admin@kgh.nhs.uk']));
    expect(staff.data!.staff.map((s) => s.email)).not.toContain('nurse.rns@nhs.net');
  });

  it('refuses an invitation from a domain the trust does not invite from, naming the field', async () => {
    const result = await api.as(
      'trust.admin@kgh.nhs.uk',
      INVITE,
      { input: { email: 'someone@gmail.com', role: 'WARD_STAFF', scope: 'WARD', wardId: await wardId('RNQ01', 'ED') } },
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.fields).toEqual([{ field: 'email', message: expect.stringMatching(/must be at one of the trust's domains/) }]);
  });

  it('refuses a role at a scope it cannot be held at, and a ward of another trust as NOT_FOUND', async () => {
    const badScope = await api.as('trust.admin@kgh.nhs.uk', INVITE, { input: { email: 'x@nhs.net', role: 'WARD_STAFF', scope: 'TRUST' } });
    expect(badScope.errors![0].extensions!.fields).toEqual([{ field: 'scope', message: 'WARD_STAFF can only be held for: HOSPITAL, WARD' }]);
    const rnsWards = await api.as<{ wards: { id: string }[] }>('trust.admin@ngh.nhs.uk', '{ wards { id } }');
    const foreign = await api.as('trust.admin@kgh.nhs.uk', INVITE, { input: { email: 'x@nhs.net', role: 'WARD_STAFF', scope: 'WARD', wardId: rnsWards.data!.wards[0].id } });
    expect(codes(foreign)).toEqual(['NOT_FOUND']);
  });

  it('binds an invitation at the first sign-in of that address, once only', async () => {
    const waiting = await api.as<{ invitations: { email: string }[] }>('trust.admin@kgh.nhs.uk', '{ invitations { email role status } }');
    expect(waiting.data!.invitations.map((i) => i.email)).toContain('new.starter@nhs.net');
    const me = await api.as<{ me: { trusts: { odsCode: string; roles: string[] }[] } }>('new.starter@nhs.net', '{ me { trusts { odsCode roles } } }');
    expect(me.data!.me.trusts).toEqual([{ odsCode: 'RNQ', roles: ['WARD_STAFF'] }]);
    const after = await api.as<{ invitations: { email: string }[] }>('trust.admin@kgh.nhs.uk', '{ invitations { email } }');
    expect(after.data!.invitations.map((i) => i.email)).not.toContain('new.starter@nhs.net');
    // the same address from another accepted tenant, as another person, cannot use it again
    const token = await api.tokenFor(IMPOSTER.email, DEMO_TENANTS.kettering);
    const imposter = await api.graphql('{ me { email } }', undefined, { authorization: `Bearer ${token}` });
    expect(codes(imposter)).toEqual(['FORBIDDEN']);
  });

  it('invites, changes and revokes a role; the revocation bites on the very next request, and each step is audited', async () => {
    const ccu = await wardId('RNQ01', 'CCU');
    const invited = await api.as<{ inviteStaff: { id: string; status: string } }>('trust.admin@kgh.nhs.uk', INVITE, {
      input: { email: 'STRANGER@nhs.net', role: 'WARD_STAFF', scope: 'WARD', wardId: ccu },
    });
    expect(invited.errors).toBeUndefined();
    expect(invited.data!.inviteStaff).toMatchObject({ status: 'PENDING' });
    const again = await api.as('trust.admin@kgh.nhs.uk', INVITE, { input: { email: 'stranger@nhs.net', role: 'WARD_STAFF', scope: 'WARD', wardId: ccu } });
    expect(codes(again)).toEqual(['CONFLICT']);

    expect(await (async () => (await api.as<{ wards: { code: string }[] }>(STRANGER.email, WARDS)).data?.wards.map((w) => w.code))()).toEqual(['CCU']);

    const staff = await api.as<{ staff: { email: string; roles: { id: string; role: string }[] }[] }>('trust.admin@kgh.nhs.uk', '{ staff { email roles { id role } } }');
    const assignment = staff.data!.staff.find((s) => s.email === 'stranger@nhs.net')!.roles[0];
    const changed = await api.as<{ changeStaffRole: { role: string } }>('trust.admin@kgh.nhs.uk', 'mutation($id: ID!) { changeStaffRole(assignmentId: $id, role: WARD_MANAGER) { role } }', { id: assignment.id });
    expect(changed.data!.changeStaffRole.role).toBe('WARD_MANAGER');

    const revoked = await api.as('trust.admin@kgh.nhs.uk', 'mutation($id: ID!) { revokeStaffRole(assignmentId: $id) }', { id: assignment.id });
    expect(revoked.errors).toBeUndefined();
    expect(codes(await api.as(STRANGER.email, WARDS))).toEqual(['FORBIDDEN']);

    const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    const actions = await api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, async (em) => (await em.find(AuditEvent, {})).map((e) => e.record.action));
    expect(actions).toEqual(expect.arrayContaining(['staff.invited', 'staff.invitation_accepted', 'staff.role_changed', 'staff.role_revoked']));
    const signIns = await api.db.platform((em) => em.count(PlatformAuditEvent, { record: { action: 'staff.signed_in' } }));
    expect(signIns).toBeGreaterThan(0);
    const invitation = await api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, (em) => em.findOneOrFail(Invitation, { email: 'stranger@nhs.net' }));
    expect(invitation.status).toBe('accepted');
  });

  it("a trust admin cannot touch another trust's role assignments: they are NOT_FOUND", async () => {
    const staff = await api.as<{ staff: { roles: { id: string }[] }[] }>('trust.admin@ngh.nhs.uk', '{ staff { roles { id } } }');
    const rnsAssignment = staff.data!.staff[0].roles[0].id;
    const attempt = await api.as('trust.admin@kgh.nhs.uk', 'mutation($id: ID!) { revokeStaffRole(assignmentId: $id) }', { id: rnsAssignment });
    expect(codes(attempt)).toEqual(['NOT_FOUND']);
  });
});

describe('a trust always keeps a trust admin', () => {
  const REVOKE = 'mutation($id: ID!) { revokeStaffRole(assignmentId: $id) }';
  const TO_ANALYST = 'mutation($id: ID!) { changeStaffRole(assignmentId: $id, role: REPORTING_ANALYST) { role } }';
  const rnq = async () => {
    const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    return { trustId: trust.id, odsCode: 'RNQ' };
  };
  /** RNQ's trust-wide trust admin assignments, by holder's email. */
  const trustAdmins = async () => {
    const staff = await api.as<{ staff: { email: string; roles: { id: string; role: string; scope: string }[] }[] }>('trust.admin@kgh.nhs.uk', '{ staff { email roles { id role scope } } }');
    expect(staff.errors).toBeUndefined();
    return staff.data!.staff.flatMap((s) => s.roles.filter((r) => r.role === 'TRUST_ADMIN' && r.scope === 'TRUST').map((r) => ({ email: s.email, id: r.id })));
  };
  /** What a refused call must leave as it was: every role in the trust, and every audit row. */
  const written = async () => {
    const trust = await rnq();
    return {
      roles: await api.db.inTrust(trust, async (em) => (await em.find(RoleAssignment, {}, { orderBy: { id: 'asc' } })).map((r) => `${r.id}:${r.role}`)),
      audit: await api.db.inTrust(trust, (em) => em.count(AuditEvent, {})),
      platformAudit: await api.db.platform((em) => em.count(PlatformAuditEvent, {})),
    };
  };
  const refusedAsLast = (result: { errors?: { message: string; extensions?: { code?: string } }[] }) => {
    expect(codes(result)).toEqual(['CONFLICT']);
    expect(result.errors![0].message).toMatch(/only trust admin: invite another trust admin first/);
  };

  it('the only trust admin cannot give up or lose the role, whoever asks, and the refusal writes nothing', async () => {
    const [only] = await trustAdmins();
    expect(await trustAdmins()).toEqual([{ email: 'trust.admin@kgh.nhs.uk', id: only.id }]);
    await api.as('group.admin@nhs.net', '{ me { email } }'); // signed in (and that audited) before the count starts
    const before = await written();

    refusedAsLast(await api.as('trust.admin@kgh.nhs.uk', REVOKE, { id: only.id }));
    refusedAsLast(await api.as('group.admin@nhs.net', REVOKE, { id: only.id }, 'RNQ'));
    refusedAsLast(await api.as('trust.admin@kgh.nhs.uk', TO_ANALYST, { id: only.id }));
    refusedAsLast(await api.as('group.admin@nhs.net', TO_ANALYST, { id: only.id }, 'RNQ'));
    // the role it already has changes nothing, so there is nothing to refuse and nothing to write
    const unchanged = await api.as('trust.admin@kgh.nhs.uk', 'mutation($id: ID!) { changeStaffRole(assignmentId: $id, role: TRUST_ADMIN) { role } }', { id: only.id });
    expect(unchanged.errors).toBeUndefined();
    expect(unchanged.data).toEqual({ changeStaffRole: { role: 'TRUST_ADMIN' } });

    expect(await written()).toEqual(before);
    expect(await trustAdmins()).toEqual([{ email: 'trust.admin@kgh.nhs.uk', id: only.id }]);
  });

  it('once a second trust admin has signed in, one of them may go; then the other is the only one again', async () => {
    const invited = await api.as('trust.admin@kgh.nhs.uk', 'mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }', {
      input: { email: DEPUTY_ADMIN.email, role: 'TRUST_ADMIN', scope: 'TRUST' },
    });
    expect(invited.errors).toBeUndefined();
    expect(codes(await api.as(DEPUTY_ADMIN.email, '{ me { email } }'))).toEqual([]); // their first sign-in binds the role
    const admins = await trustAdmins();
    expect(admins.map((a) => a.email).sort()).toEqual([DEPUTY_ADMIN.email, 'trust.admin@kgh.nhs.uk']);
    const deputy = admins.find((a) => a.email === DEPUTY_ADMIN.email)!;
    const original = admins.find((a) => a.email === 'trust.admin@kgh.nhs.uk')!;

    const revoked = await api.as('group.admin@nhs.net', REVOKE, { id: deputy.id }, 'RNQ');
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data).toEqual({ revokeStaffRole: true });
    expect(codes(await api.as(DEPUTY_ADMIN.email, '{ staff { email } }'))).toEqual(['FORBIDDEN']);

    refusedAsLast(await api.as('trust.admin@kgh.nhs.uk', REVOKE, { id: original.id }));
    expect(await trustAdmins()).toEqual([original]);
  });

  it('two trust admins removed at the same moment: one goes, the other stays', async () => {
    const INVITE_ADMIN = 'mutation($email: String!) { inviteStaff(input: { email: $email, role: TRUST_ADMIN, scope: TRUST }) { id } }';
    expect((await api.as('group.admin@nhs.net', INVITE_ADMIN, { email: DEPUTY_ADMIN.email }, 'RNQ')).errors).toBeUndefined();
    await api.as(DEPUTY_ADMIN.email, '{ me { email } }');
    const both = await trustAdmins();
    expect(both).toHaveLength(2);

    const results = await Promise.all(both.map((admin) => api.as('group.admin@nhs.net', REVOKE, { id: admin.id }, 'RNQ')));
    expect(results.map(codes).sort()).toEqual([[], ['CONFLICT']]);
    const [kept] = await api.db.inTrust(await rnq(), (em) => em.find(RoleAssignment, { role: 'trust_admin', scope: 'trust' }, { populate: ['staffMember'] }));
    expect(await api.db.inTrust(await rnq(), (em) => em.count(RoleAssignment, { role: 'trust_admin', scope: 'trust' }))).toBe(1);

    // leave RNQ as the other tests know it: Kettering's own admin, and no deputy
    if (kept.staffMember.getEntity().email === DEPUTY_ADMIN.email) {
      expect((await api.as(DEPUTY_ADMIN.email, INVITE_ADMIN, { email: 'trust.admin@kgh.nhs.uk' })).errors).toBeUndefined();
      await api.as('trust.admin@kgh.nhs.uk', '{ me { email } }');
      expect((await api.as('trust.admin@kgh.nhs.uk', REVOKE, { id: kept.id })).errors).toBeUndefined();
    }
    expect((await trustAdmins()).map((a) => a.email)).toEqual(['trust.admin@kgh.nhs.uk']);
  });
});

describe('roles take effect when people expect', () => {
  const INVITE = 'mutation Invite($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }';
  const wardCodes = async (email: string) => (await api.as<{ wards: { code: string }[] }>(email, WARDS, undefined, 'RNQ')).data?.wards.map((w) => w.code).sort();
  const wardId = async (code: string) => {
    const result = await api.as<{ wards: { id: string; code: string; hospital: { siteCode: string } }[] }>('trust.admin@kgh.nhs.uk', '{ wards { id code hospital { siteCode } } }');
    return result.data!.wards.find((w) => w.code === code && w.hospital.siteCode === 'RNQ01')!.id;
  };
  const statementsOf = async (work: () => Promise<unknown>) => {
    const before = api.statements.count;
    await work();
    return api.statements.count - before;
  };
  const grantee = () => api.db.platform((em) => em.findOneOrFail(StaffMember, { email: GRANTEE.email }));
  const rnq = async () => {
    const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    return { trustId: trust.id, odsCode: 'RNQ' };
  };

  it('remembers a signed-in caller between requests instead of reading their roles again', async () => {
    await api.as('trust.admin@kgh.nhs.uk', INVITE, { input: { email: GRANTEE.email, role: 'WARD_STAFF', scope: 'WARD', wardId: await wardId('ED') } });
    const first = await statementsOf(() => wardCodes(GRANTEE.email));
    const second = await statementsOf(() => wardCodes(GRANTEE.email));
    expect(await wardCodes(GRANTEE.email)).toEqual(['ED']);
    expect(second).toBeLessThan(first);
  });

  it('a role granted to someone already signed in works from their next request', async () => {
    expect(await wardCodes(GRANTEE.email)).toEqual(['ED']);
    const invited = await api.as('trust.admin@kgh.nhs.uk', INVITE, { input: { email: GRANTEE.email, role: 'WARD_STAFF', scope: 'WARD', wardId: await wardId('CCU') } });
    expect(invited.errors).toBeUndefined();
    expect(await wardCodes(GRANTEE.email)).toEqual(['CCU', 'ED']);
  });

  it('a role changed in the database by another process is seen as soon as the database announces it', async () => {
    const cache = api.appGet<CallerCache>(CallerCache);
    const person = await grantee();
    expect(await wardCodes(GRANTEE.email)).toEqual(['CCU', 'ED']);
    const ccu = await wardId('CCU');
    // revoked behind this API's back, as another replica would
    let heard = cache.announced(person.id);
    await api.db.inTrust(await rnq(), async (em) => em.nativeDelete(RoleAssignment, { staffMember: person.id, ward: { id: ccu } }));
    await heard;
    expect(await wardCodes(GRANTEE.email)).toEqual(['ED']);
    // and granted the same way
    heard = cache.announced(person.id);
    const trust = await rnq();
    await api.db.inTrust(trust, async (em) => {
      em.create(RoleAssignment, { trust: trust.trustId, staffMember: person.id, role: 'ward_manager', scope: 'ward', ward: await em.findOneOrFail(Ward, { id: ccu }) });
    });
    await heard;
    expect(await wardCodes(GRANTEE.email)).toEqual(['CCU', 'ED']);
  });

  it('remembers nothing while it cannot hear the database, and picks up again when it can', async () => {
    const feed = api.appGet<DatabaseChangeFeed>(DatabaseChangeFeed);
    const person = await grantee();
    const events: ChangeFeedEvent['kind'][] = [];
    const unsubscribe = feed.subscribe((event) => events.push(event.kind));
    const next = (kind: ChangeFeedEvent['kind']) =>
      new Promise<void>((resolve) => {
        const stop = feed.subscribe((event) => event.kind === kind && (stop(), resolve()));
      });
    try {
      await wardCodes(GRANTEE.email);
      const cached = await statementsOf(() => wardCodes(GRANTEE.email));
      const pid = await feed.backendPid();
      expect(pid).toBeDefined();
      const down = next('down');
      const up = next('up');
      await api.ownerOrm.em.getConnection().execute('select pg_terminate_backend(?)', [pid]);
      await down;
      expect(feed.live).toBe(false);
      // a revocation made while nobody listens (no announcement reaches this process) still bites at once
      await api.db.inTrust(await rnq(), async (em) => em.nativeDelete(RoleAssignment, { staffMember: person.id, ward: { id: await wardId('CCU') } }));
      expect(await wardCodes(GRANTEE.email)).toEqual(['ED']);
      await up;
      expect(events).toEqual(expect.arrayContaining(['down', 'up']));
      // once the registry has caught up after the reconnect (it refreshes itself then), callers are remembered again
      await until(async () => (await wardCodes(GRANTEE.email)) && (await statementsOf(() => wardCodes(GRANTEE.email))) === cached);
    } finally {
      unsubscribe();
    }
  });
});
