import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PlatformAuditEvent } from '@vv/domain/audit';
import type { DemoStaffMember } from '@vv/demo';
import { PlatformInvitation, PlatformRoleAssignment } from '@vv/domain/staff';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT: the suite's clock, held still

/**
 * A new installation's first administrator, from the command line on a fresh database (no
 * trusts, no staff), as the production steps run it: invited by email and Entra tenant,
 * made platform admin by their first sign-in, audited, and never a second time.
 */
const CENTRAL_TENANT = '7c2a4e0b-95d1-4f3a-a0b6-2f54c8e1d9aa';
const LEAD: DemoStaffMember = { email: 'service.lead@central.nhs.uk', displayName: 'Service Lead', tenantId: CENTRAL_TENANT, objectId: 'b5d0c3a1-0000-4000-8000-0000000000a1', roles: [] };
const SOMEONE_ELSE: DemoStaffMember = { email: 'someone.else@central.nhs.uk', displayName: 'Someone Else', tenantId: CENTRAL_TENANT, objectId: 'b5d0c3a1-0000-4000-8000-0000000000a2', roles: [] };
const run = promisify(execFile);
let api: ApiTestHarness;

beforeAll(async () => {
  api = await startApiTestHarness({ PLATFORM_ENTRA_TENANT_IDS: CENTRAL_TENANT }, [LEAD, SOMEONE_ELSE], { clock: () => NOW });
});
afterAll(() => api?.close());

/** The command as production runs it: the built output, production mode, only the database's address. */
async function firstAdmin(...args: string[]): Promise<{ code: number; out: string }> {
  const env = { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: api.database.appUrl };
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/apps/cli/src/main.js', 'platform:first-admin', ...args], { env });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

const ME = '{ me { email platformRoles { role scope } } }';

it('refuses input it cannot use, naming the option, and writes nothing', async () => {
  const bad = await firstAdmin('--email', 'not-an-address', '--tenant', 'central');
  expect(bad.code).toBe(1);
  expect(bad.out).toContain('email: must be an email address');
  expect(bad.out).toContain('tenant: must be an Entra tenant id (a GUID)');
  expect(await api.db.platform((em) => em.count(PlatformInvitation, {}))).toBe(0);
});

it('invites the first platform admin, whose first sign-in from that tenant makes them platform admin; audited; once only', async () => {
  // before: nobody from the central tenant may sign in
  expect((await api.as(LEAD.email, ME)).errors?.[0].extensions?.code).toBeDefined();

  const invited = await firstAdmin('--email', 'Service.Lead@central.nhs.uk', '--tenant', CENTRAL_TENANT.toUpperCase());
  expect(invited).toMatchObject({ code: 0 });
  expect(invited.out).toContain(`Invited service.lead@central.nhs.uk as the first platform admin`);
  expect(invited.out).toContain(`Add ${CENTRAL_TENANT} to PLATFORM_ENTRA_TENANT_IDS of the API`);

  // a second run before they sign in is refused
  const again = await firstAdmin('--email', 'another@central.nhs.uk', '--tenant', CENTRAL_TENANT);
  expect(again).toMatchObject({ code: 1, out: expect.stringContaining('A first platform admin is already invited') });

  // someone else from the same tenant gets nothing
  const other = await api.as(SOMEONE_ELSE.email, ME);
  expect(other.data?.me).toBeFalsy();

  const me = await api.as<{ me: { email: string; platformRoles: { role: string; scope: string }[] } }>(LEAD.email, ME);
  expect(me.errors).toBeUndefined();
  expect(me.data!.me).toEqual({ email: LEAD.email, platformRoles: [{ role: 'PLATFORM_ADMIN', scope: 'PLATFORM' }] });
  // the platform admin can do platform work: export a trust's configuration is refused only for want of the trust
  const noSuchTrust = await api.as(LEAD.email, '{ trustConfiguration(odsCode: "ZZZ") }');
  expect(noSuchTrust.errors?.[0].extensions?.code).toBe('NOT_FOUND');

  expect(await api.db.platform((em) => em.count(PlatformRoleAssignment, { role: 'platform_admin' }))).toBe(1);
  const events = await api.db.platform((em) => em.find(PlatformAuditEvent, { record: { action: { $in: ['platform.first_admin_invited', 'staff.platform_invitation_accepted'] } } }, { orderBy: { record: { occurredAt: 'asc' } } }));
  expect(events.map((e) => e.record.action)).toEqual(['platform.first_admin_invited', 'staff.platform_invitation_accepted']);
  expect(JSON.stringify(events)).not.toContain('service.lead');

  // once there is a platform admin, the command refuses
  const after = await firstAdmin('--email', 'another@central.nhs.uk', '--tenant', CENTRAL_TENANT);
  expect(after).toMatchObject({ code: 1, out: expect.stringContaining('already has a platform admin') });
  expect(await api.db.platform((em) => em.count(PlatformInvitation, {}))).toBe(1);
});
