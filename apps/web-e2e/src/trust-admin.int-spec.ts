import type { Page } from 'playwright-core';
import { DEMO_TENANTS } from '@vv/demo';
import { accessibilityViolations, tourScreenshot } from '@vv/platform/testing';
import { startConsoleHarness, type ConsoleHarness } from './support/console-harness';

// Wednesday 10 June 2026, 10am in London.
const now = new Date('2026-06-10T09:00:00Z');

const TRUST_ADMIN = 'Tom Harris (RNQ trust admin)';
const ADMIN_EMAIL = 'trust.admin@kgh.nhs.uk';
const WARD_MANAGER = 'Mary Evans (RNQ ward manager)';
const ED_NURSE = 'Nia Roberts (RNQ ED nurse)';
/** A nurse joining Kettering: invited by the trust admin in a test, never signed in before. */
const NEW_NURSE = { email: 'lena.fischer@nhs.net', displayName: 'Lena Fischer (new nurse)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-0000000000e1', roles: [], invitedOnly: true };

let harness: ConsoleHarness;
let wardIds: Record<string, string>;

beforeAll(async () => {
  harness = await startConsoleHarness({ clock: () => now, extraAccounts: [NEW_NURSE] });
  wardIds = await wardsByCode();
}, 120_000);
afterAll(async () => {
  await harness?.close();
});

async function wardsByCode(): Promise<Record<string, string>> {
  const result = await harness.api.as<{ wards: { id: string; code: string }[] }>(ADMIN_EMAIL, '{ wards(includeArchived: true) { id code } }');
  return Object.fromEntries(result.data!.wards.map((w) => [w.code, w.id]));
}

const signedInPage = (displayName: string, options: { javaScriptEnabled?: boolean } = {}) => harness.signedInPage(displayName, options);

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const banner = (page: Page) => page.locator('.nhsuk-notification-banner').innerText();
const errorSummary = (page: Page) => page.locator('.nhsuk-error-summary');
const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' });

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe('running a trust in the console', () => {
  it('a trust admin adds a ward with visiting hours across midnight and a flag override, invites a nurse to it, and the nurse books there', async () => {
    const admin = await signedInPage(TRUST_ADMIN);
    await menu(admin).getByRole('link', { name: 'Admin' }).click();
    expect(await heading(admin)).toBe('Running Kettering General Hospital NHS Foundation Trust');
    expect(await admin.locator('#sections h2').allInnerTexts()).toEqual(['Hospitals and wards', 'Feature flags', 'Branding', 'Messaging', 'Video', 'Staff', 'Audit']);
    await expectAccessible(admin);
    await tourScreenshot(admin, 'admin-home');

    await admin.getByRole('link', { name: 'Hospitals and wards' }).click();
    expect(await heading(admin)).toBe('Hospitals and wards');
    await admin.getByRole('button', { name: 'Add a ward' }).click();
    expect(await heading(admin)).toBe('Add a ward');
    await admin.getByLabel('Hospital', { exact: true }).selectOption({ label: 'Kettering General Hospital' });
    await admin.getByLabel('Ward code').fill('w9');
    await admin.getByLabel('Ward name').fill('Ward 9 Surgical');
    await admin.getByLabel('Visits at once').fill('2');
    await admin.getByLabel('Wednesday').fill('14:00-20:00, 22:00-02:00');
    // a day the API cannot read: named, linked to its field, and nothing is added
    await admin.getByLabel('Thursday').fill('after lunch');
    await admin.getByRole('button', { name: 'Add the ward' }).click();
    expect(await admin.title()).toMatch(/^Error: Add a ward/);
    expect(await errorSummary(admin).innerText()).toContain('Thursday visiting hours must be a range like 14:00-20:00');
    expect(await errorSummary(admin).getByRole('link').first().getAttribute('href')).toBe('#hours-thursday');
    expect(await admin.getByLabel('Wednesday').inputValue()).toBe('14:00-20:00, 22:00-02:00');
    await expectAccessible(admin);
    expect(Object.keys(await wardsByCode())).not.toContain('W9');

    await admin.getByLabel('Thursday').fill('10:00-12:00');
    await admin.getByRole('button', { name: 'Add the ward' }).click();
    expect(await banner(admin)).toContain('Ward 9 Surgical is added.');
    expect(await heading(admin)).toBe('Ward 9 Surgical settings');
    // the slot across midnight reads back as typed; the API holds it as the end of one day and the start of the next
    expect(await admin.getByLabel('Wednesday').inputValue()).toBe('14:00-20:00, 22:00-02:00');
    expect(await admin.getByLabel('Thursday').inputValue()).toBe('10:00-12:00');
    const wardId = (await wardsByCode()).W9;
    const saved = await harness.api.as<{ wards: { id: string; visitingHours: { day: string; ranges: string[] }[] }[] }>(ADMIN_EMAIL, '{ wards { id visitingHours { day ranges } } }');
    const hours = Object.fromEntries(saved.data!.wards.find((w) => w.id === wardId)!.visitingHours.map((d) => [d.day, d.ranges]));
    expect(hours).toMatchObject({ WEDNESDAY: ['14:00-20:00', '22:00-24:00'], THURSDAY: ['00:00-02:00', '10:00-12:00'], FRIDAY: [] });

    // "visit now" is off for the trust: on here, side by side with the trust's default
    const visitNow = admin.locator('#flag-table tbody tr', { hasText: 'Visit now' });
    const cells = () => visitNow.locator('td').allInnerTexts();
    expect(await admin.getByLabel('Visit now on this ward').inputValue()).toBe('trust');
    expect((await cells()).map((c) => c.replace(/^(Trust default|What applies)\s*/, '').trim()).filter((c) => c === 'On' || c === 'Off')).toEqual(['Off', 'Off']);
    await admin.getByLabel('Visit now on this ward').selectOption('on');
    await admin.getByRole('button', { name: 'Save the ward’s flags' }).click();
    expect(await banner(admin)).toContain('Ward 9 Surgical’s feature flags are saved.');
    expect(await admin.getByLabel('Visit now on this ward').inputValue()).toBe('on');
    expect((await cells()).map((c) => c.replace(/^(Trust default|What applies)\s*/, '').trim()).filter((c) => c === 'On' || c === 'Off')).toEqual(['Off', 'On']);
    const flags = await harness.api.as<{ featureFlags: { flag: string; trustDefault: boolean; wardOverride: boolean | null; effective: boolean }[] }>(ADMIN_EMAIL, 'query($w: ID) { featureFlags(wardId: $w) { flag trustDefault wardOverride effective } }', { w: wardId });
    expect(flags.data!.featureFlags.find((f) => f.flag === 'UNSCHEDULED_VISITS')).toEqual({ flag: 'UNSCHEDULED_VISITS', trustDefault: false, wardOverride: true, effective: true });
    // the other flags were left following the trust
    expect(flags.data!.featureFlags.filter((f) => f.wardOverride !== null).map((f) => f.flag)).toEqual(['UNSCHEDULED_VISITS']);
    await expectAccessible(admin);
    await tourScreenshot(admin, 'admin-ward-settings');

    await menu(admin).getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('link', { name: 'Staff' }).click();
    expect(await heading(admin)).toBe('Staff');
    await admin.getByLabel('Email address').fill(NEW_NURSE.email);
    // a trust admin is for the whole trust: said before anything is sent
    await admin.getByLabel('Trust admin').check();
    await admin.getByLabel('Where').selectOption({ label: 'Ward: Ward 9 Surgical, Kettering General Hospital' });
    await admin.getByRole('button', { name: 'Send the invitation' }).click();
    expect(await errorSummary(admin).innerText()).toContain('Where must be the whole trust for trust admin');
    expect(await errorSummary(admin).getByRole('link').first().getAttribute('href')).toBe('#place');
    expect(await admin.getByLabel('Email address').inputValue()).toBe(NEW_NURSE.email);
    await expectAccessible(admin);
    await admin.getByLabel('Ward staff').check();
    await admin.getByRole('button', { name: 'Send the invitation' }).click();
    expect(await banner(admin)).toContain(`${NEW_NURSE.email} is invited as ward staff.`);
    const invitation = await admin.locator('#invitations tbody tr', { hasText: NEW_NURSE.email }).innerText();
    expect(invitation).toContain('Ward staff, Ward 9 Surgical');
    // dated by the platform's clock, like the sign-ins beside it
    expect(invitation).toContain('Wednesday 10 June 2026');
    // who signed in when: the admin has, the never-signed-in starter is only invited
    expect(await admin.locator('#staff tbody tr', { hasText: 'Tom Harris' }).locator('td').nth(2).innerText()).toContain('10 June 2026 at 10');
    await expectAccessible(admin);
    await tourScreenshot(admin, 'admin-staff');

    // the nurse signs in for the first time: the invitation becomes her role, on that ward only
    const nurse = await signedInPage(NEW_NURSE.displayName);
    expect(await menu(nurse).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await nurse.getByRole('button', { name: 'Visit now' }).waitFor();
    await nurse.getByRole('button', { name: 'Book a visit' }).click();
    expect(await nurse.locator('form').innerText()).toContain('Ward: Ward 9 Surgical');
    await nurse.getByLabel('Patient’s name').fill('Arthur Penn');
    await nurse.getByLabel('Key contact’s name').fill('June Penn');
    await nurse.getByLabel('Mobile number').fill('07700 900456');
    await nurse.getByLabel('Day', { exact: true }).fill('10');
    await nurse.getByLabel('Month', { exact: true }).fill('6');
    await nurse.getByLabel('Year', { exact: true }).fill('2026');
    // 11:45pm for 30 minutes: across midnight, inside the slot the admin set
    await nurse.getByLabel('Time', { exact: true }).fill('11:45pm');
    await nurse.getByLabel('Length').fill('30');
    await nurse.getByRole('button', { name: 'Book visit' }).click();
    expect(await banner(nurse)).toContain('Visit booked. A text has been sent to June Penn.');
    expect(await nurse.locator('.nhsuk-summary-list').innerText()).toContain('11:45pm to 12:15am');
    const pending = await harness.api.as<{ invitations: { email: string; status: string }[] }>(ADMIN_EMAIL, '{ invitations { email status } }');
    expect(pending.data!.invitations.filter((i) => i.email === NEW_NURSE.email && i.status === 'pending')).toEqual([]);
  });

  it('a ward manager changes their own ward, with bad input named, and cannot open another', async () => {
    const manager = await signedInPage(WARD_MANAGER);
    await menu(manager).getByRole('link', { name: 'Admin' }).click();
    expect(await manager.locator('#sections h2').allInnerTexts()).toEqual(['Your wards’ settings']);
    await manager.getByRole('link', { name: 'Your wards’ settings' }).click();
    expect(await heading(manager)).toBe('Your wards’ settings');
    expect(await manager.getByRole('button', { name: 'Add a ward' }).count()).toBe(0);
    expect(await manager.locator('main table a').allInnerTexts()).toEqual(['Critical Care Unit', 'Ward 6 Respiratory']);
    await expectAccessible(manager);

    await manager.getByRole('link', { name: 'Critical Care Unit' }).click();
    expect(await manager.getByRole('link', { name: /^Archive/ }).count()).toBe(0);
    await manager.getByLabel('Visits at once').fill('two');
    await manager.getByRole('button', { name: 'Save the ward’s settings' }).click();
    expect(await errorSummary(manager).innerText()).toContain('Visits at once must be a whole number, for example 2');
    expect(await errorSummary(manager).getByRole('link').first().getAttribute('href')).toBe('#maxConcurrentVisits');
    await expectAccessible(manager);
    await manager.getByLabel('Visits at once').fill('3');
    await manager.getByRole('button', { name: 'Save the ward’s settings' }).click();
    expect(await banner(manager)).toContain('Critical Care Unit’s settings are saved.');
    const saved = await harness.api.as<{ wards: { code: string; maxConcurrentVisits: number }[] }>(ADMIN_EMAIL, '{ wards { code maxConcurrentVisits } }');
    expect(saved.data!.wards.find((w) => w.code === 'CCU')!.maxConcurrentVisits).toBe(3);

    // a hand-made post to another ward of the trust changes nothing (run as text: this file has no DOM types)
    const before = saved.data!.wards.find((w) => w.code === 'ED')!.maxConcurrentVisits;
    const posted = await manager.evaluate<number>(`(async () => {
      const csrf = document.querySelector('input[name=_csrf]').value;
      const body = new URLSearchParams({ _csrf: csrf, name: 'Taken', defaultVisitMinutes: '30', maxConcurrentVisits: '9' });
      return (await fetch('/admin/wards/${wardIds.ED}', { method: 'POST', body })).status;
    })()`);
    expect(posted).toBe(404);
    // nor can they open it, and the trust's own settings are not theirs to change
    expect((await manager.goto(`/admin/wards/${wardIds.ED}`))!.status()).toBe(404);
    for (const path of ['/admin/wards/new', '/admin/flags', '/admin/branding', '/admin/staff']) {
      const response = await manager.goto(path);
      expect({ path, status: response!.status(), heading: await heading(manager) }).toEqual({ path, status: 403, heading: 'You cannot do this' });
    }
    const after = await harness.api.as<{ wards: { code: string; maxConcurrentVisits: number }[] }>(ADMIN_EMAIL, '{ wards { code maxConcurrentVisits } }');
    expect(after.data!.wards.find((w) => w.code === 'ED')!.maxConcurrentVisits).toBe(before);
  });

  it('a ward nurse who opens an admin address gets the kind “not allowed” page', async () => {
    const nurse = await signedInPage(ED_NURSE);
    expect(await menu(nurse).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    for (const path of ['/admin', '/admin/wards', '/admin/wards/new', `/admin/wards/${wardIds.ED}`, '/admin/flags', '/admin/branding', '/admin/staff']) {
      const response = await nurse.goto(path);
      expect({ path, status: response!.status(), heading: await heading(nurse) }).toEqual({ path, status: 403, heading: 'You cannot do this' });
    }
    await expectAccessible(nurse);
  });

  it('branding shows the family’s page and the contrast as the admin types, and the server checks it too; hospitals are added without JavaScript', async () => {
    const admin = await signedInPage(TRUST_ADMIN);
    await admin.goto('/admin/branding');
    expect(await heading(admin)).toBe('Branding');
    await admin.getByLabel('Colour').fill('#FFFF00');
    await admin.locator('#contrast-check', { hasText: 'It fails' }).waitFor();
    await admin.getByLabel('Display name').fill('Kettering General');
    expect(await admin.locator('#preview-name').textContent()).toBe('Kettering General');
    await admin.getByRole('button', { name: 'Save the branding' }).click();
    expect(await errorSummary(admin).innerText()).toContain('Colour has contrast 1.1:1 against white; white text needs at least 4.5:1');
    expect(await errorSummary(admin).getByRole('link').first().getAttribute('href')).toBe('#primaryColour');
    // the preview keeps a readable banner while the colour fails
    expect(await admin.locator('#preview-banner').getAttribute('fill')).toBe('#005EB8');
    await expectAccessible(admin);
    await admin.getByLabel('Colour').fill('#003087');
    await admin.locator('#contrast-check', { hasText: 'It passes' }).waitFor();
    expect(await admin.locator('#preview-banner').getAttribute('fill')).toBe('#003087');
    await admin.getByRole('button', { name: 'Save the branding' }).click();
    expect(await banner(admin)).toContain('The branding is saved.');
    await tourScreenshot(admin, 'admin-branding');
    const branding = await harness.api.as<{ trust: { branding: { displayName: string; primaryColour: string } } }>(ADMIN_EMAIL, '{ trust { branding { displayName primaryColour } } }');
    expect(branding.data!.trust.branding).toEqual({ displayName: 'Kettering General', primaryColour: '#003087' });

    // without JavaScript the server says the same
    const plain = await signedInPage(TRUST_ADMIN, { javaScriptEnabled: false });
    await plain.goto('/admin/branding');
    expect(await plain.locator('#contrast-check').innerText()).toBe('White text on this colour has contrast 11.8:1. It passes (at least 4.5:1 is needed).');

    // and a hospital is added and renamed with JavaScript off, a bad site code named first
    await plain.goto('/admin/wards');
    await plain.getByLabel('Site code').fill('corby!');
    await plain.getByLabel('Hospital name').fill('Corby Urgent Care Centre');
    await plain.getByRole('button', { name: 'Add the hospital' }).click();
    expect(await errorSummary(plain).innerText()).toContain('Site code must be an ODS site code of 3 to 9 capital letters or digits');
    await plain.getByLabel('Site code').fill('rnq09');
    await plain.getByRole('button', { name: 'Add the hospital' }).click();
    expect(await banner(plain)).toContain('Corby Urgent Care Centre is added.');
    await plain.getByRole('link', { name: 'Rename Corby Urgent Care Centre' }).click();
    await plain.getByLabel('Hospital name').fill('Corby UCC');
    await plain.getByRole('button', { name: 'Rename the hospital' }).click();
    expect(await banner(plain)).toContain('The hospital is now called Corby UCC.');
    const sites = await harness.api.as<{ hospitals: { siteCode: string; name: string }[] }>(ADMIN_EMAIL, '{ hospitals { siteCode name } }');
    expect(sites.data!.hospitals).toContainEqual({ siteCode: 'RNQ09', name: 'Corby UCC' });
  });

  it('a hospital is archived only after its wards: the page names the open ones, then says what archiving does', async () => {
    const created = await harness.api.as<{ createHospital: { id: string } }>(ADMIN_EMAIL, 'mutation { createHospital(siteCode: "RNQ08", name: "Isebrook Hospital") { id } }');
    const hospitalId = created.data!.createHospital.id;
    const ward = await harness.api.as<{ createWard: { id: string } }>(ADMIN_EMAIL, 'mutation($input: CreateWardInput!) { createWard(input: $input) { id } }', {
      input: { hospitalId, code: 'REHAB', name: 'Isebrook Rehabilitation', visitingHours: [{ day: 'MONDAY', ranges: ['14:00-16:00'] }], defaultVisitMinutes: 30, maxConcurrentVisits: 1 },
    });
    // plain links and posting forms; axe needs the page's JavaScript, so this page has it
    const admin = await signedInPage(TRUST_ADMIN);
    await admin.goto('/admin/wards');
    await admin.getByRole('link', { name: 'Archive Isebrook Hospital' }).click();
    expect(await heading(admin)).toBe('Archive Isebrook Hospital?');
    expect(await admin.locator('#open-wards').innerText()).toBe('Archive Isebrook Rehabilitation');
    expect(await admin.getByRole('button', { name: /^Archive/ }).count()).toBe(0);
    await admin.getByRole('link', { name: 'Archive Isebrook Rehabilitation' }).click();
    await admin.getByRole('button', { name: 'Archive Isebrook Rehabilitation' }).click();
    expect(await banner(admin)).toContain('Isebrook Rehabilitation is archived.');

    await admin.goto(`/admin/hospitals/${hospitalId}/archive`);
    expect(await admin.locator('#consequences').innerText()).toContain('No wards can be added to Isebrook Hospital, so nobody can book a visit there.');
    expect(await admin.locator('#consequences').innerText()).toContain('Its 1 archived ward, their visits, history and reports stay.');
    await expectAccessible(admin);
    await admin.getByRole('button', { name: 'Archive Isebrook Hospital' }).click();
    expect(await banner(admin)).toContain('Isebrook Hospital is archived.');
    const hospitals = await harness.api.as<{ hospitals: { id: string; status: string }[] }>(ADMIN_EMAIL, '{ hospitals(includeArchived: true) { id status } }');
    expect(hospitals.data!.hospitals.find((h) => h.id === hospitalId)!.status).toBe('ARCHIVED');
    const wards = await harness.api.as<{ wards: { id: string; canBookVisits: boolean }[] }>(ADMIN_EMAIL, '{ wards(includeArchived: true) { id canBookVisits } }');
    expect(wards.data!.wards.find((w) => w.id === ward.data!.createWard.id)!.canBookVisits).toBe(false);
    await admin.goto('/admin/wards/new');
    expect(await admin.locator('#hospitalId option').allInnerTexts()).not.toContain('Isebrook Hospital');
  });

  it('a trust admin changes a trust default, changes and revokes a role, and withdraws an invitation', async () => {
    const admin = await signedInPage(TRUST_ADMIN);
    await admin.goto('/admin/flags');
    expect(await heading(admin)).toBe('Feature flags');
    await admin.getByRole('group', { name: 'Reminders' }).getByLabel('Off').check();
    await admin.getByRole('button', { name: 'Save the trust’s flags' }).click();
    expect(await banner(admin)).toContain('The trust’s feature flags are saved.');
    const flags = await harness.api.as<{ featureFlags: { flag: string; trustDefault: boolean }[] }>(ADMIN_EMAIL, '{ featureFlags { flag trustDefault } }');
    expect(Object.fromEntries(flags.data!.featureFlags.map((f) => [f.flag, f.trustDefault]))).toMatchObject({ VISIT_REMINDERS: false, REBOOK: true, UNSCHEDULED_VISITS: false });

    await admin.goto('/admin/staff');
    await admin.locator('#staff').getByRole('link', { name: /Olivia Hughes/ }).click();
    // a ward role can become another ward role, never trust admin
    const choices = await admin.getByLabel('Role for Emergency Department').locator('option').allInnerTexts();
    expect(choices).toEqual(['Ward manager', 'Ward staff']);
    await admin.getByLabel('Role for Emergency Department').selectOption({ label: 'Ward manager' });
    await admin.getByRole('button', { name: 'Change the role' }).click();
    expect(await banner(admin)).toContain('The role is now ward manager.');
    const bankNurse = async () => (await harness.api.as<{ me: { trusts: { odsCode: string; roles: string[] }[] } }>('bank.nurse@nhs.net', '{ me { trusts { odsCode roles } } }')).data!.me.trusts;
    expect((await bankNurse()).find((t) => t.odsCode === 'RNQ')!.roles).toEqual(['WARD_MANAGER']);
    await admin.getByRole('button', { name: /^Revoke/ }).click();
    expect(await banner(admin)).toContain('The role is taken away.');
    expect(await admin.locator('#staff').innerText()).not.toContain('Olivia Hughes');
    expect((await bankNurse()).map((t) => t.odsCode)).toEqual(['RNS']);

    const waiting = admin.locator('#invitations tbody tr', { hasText: 'new.starter@nhs.net' });
    await waiting.getByRole('button', { name: /Withdraw/ }).click();
    expect(await banner(admin)).toContain('The invitation to new.starter@nhs.net is withdrawn.');
    expect(await admin.locator('#invitations').count()).toBe(0);
    const invitations = await harness.api.as<{ invitations: { email: string; status: string }[] }>(ADMIN_EMAIL, '{ invitations { email status } }');
    expect(invitations.data!.invitations.filter((i) => i.email === 'new.starter@nhs.net' && i.status === 'pending')).toEqual([]);
  });

  it('every other admin page passes axe at a phone’s and a desktop’s width', async () => {
    const admin = await signedInPage(TRUST_ADMIN);
    const hospitals = await harness.api.as<{ hospitals: { id: string; siteCode: string }[] }>(ADMIN_EMAIL, '{ hospitals { id siteCode } }');
    const staff = await harness.api.as<{ staff: { id: string; email: string }[] }>(ADMIN_EMAIL, '{ staff { id email } }');
    const kgh = hospitals.data!.hospitals.find((h) => h.siteCode === 'RNQ01')!.id;
    const manager = staff.data!.staff.find((p) => p.email === 'ward.manager.rnq@nhs.net')!.id;
    // the home, add-a-ward, staff and branding pages are checked in the steps above
    for (const path of ['/admin/wards', `/admin/wards/${wardIds.CCU}`, `/admin/wards/${wardIds.CCU}/archive`, `/admin/hospitals/${kgh}`, `/admin/hospitals/${kgh}/archive`, '/admin/flags', `/admin/staff/${manager}`]) {
      const response = await admin.goto(path);
      expect({ path, status: response!.status(), violations: await accessibilityViolations(admin) }).toEqual({ path, status: 200, violations: [] });
    }
  });
});
