import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { buildTenantConfig } from '@vv/domain/trusts/testing';
import { DEMO_TENANTS } from '@vv/demo';
import { accessibilityViolations, tourScreenshot } from '@vv/platform/testing';
import { startConsoleHarness, type ConsoleHarness } from './support/console-harness';

// Wednesday 10 June 2026, 10am in London.
const now = new Date('2026-06-10T09:00:00Z');

const PLATFORM_ADMIN = 'Priya Shah (platform admin)';
/** Westshire's IT lead: invited as its first admin while it is onboarded, never signed in before. */
const FIRST_ADMIN = { email: 'it.lead@nhs.net', displayName: 'Rosa Diaz (Westshire IT lead)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-0000000000f2', roles: [], invitedOnly: true };

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({ clock: () => now, extraAccounts: [FIRST_ADMIN] });
}, 120_000);
afterAll(() => harness?.close());

const signedInPage = (displayName: string, options: { javaScriptEnabled?: boolean } = {}) => harness.signedInPage(displayName, options);

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

function westshire(): string {
  return stringify(buildTenantConfig('RXW', 'Westshire', { identity: { acceptedTenantIds: [DEMO_TENANTS.nhsmail], inviteEmailDomains: ['nhs.net'] } }));
}

describe('the central service team in the console', () => {
  it('lists every trust with its status, group and counts', async () => {
    const page = await signedInPage(PLATFORM_ADMIN);
    expect(new URL(page.url()).pathname).toBe('/platform');
    expect(await heading(page)).toBe('Trusts on the platform');
    const rows = await page.locator('#trusts tbody tr').allInnerTexts();
    expect(rows.map((row) => row.split('\n')[0].split('\t')[0].trim())).toEqual([
      'Kettering General Hospital NHS Foundation Trust',
      'London North West University Healthcare NHS Trust',
      'Northampton General Hospital NHS Trust',
    ]);
    const kettering = rows.find((row) => row.includes('Kettering'))!;
    expect(kettering).toContain('Active');
    expect(kettering).toContain('University Hospitals of Northamptonshire');
    expect(await accessibilityViolations(page)).toEqual([]);
    await tourScreenshot(page, 'platform-trusts');
  });

  it('onboards a trust from its document: an error first, then the changes it makes, then applied; its first admin signs in', async () => {
    const page = await signedInPage(PLATFORM_ADMIN);
    await page.getByRole('button', { name: 'Onboard a trust' }).click();
    expect(await heading(page)).toBe('Onboard a trust');

    // a document with a mistake: named, and nothing written
    const bad = parse(westshire());
    bad.retentionDays = 0;
    await page.getByLabel('The trust’s configuration').fill(stringify(bad));
    await page.getByLabel('First admin’s email address (optional)').fill('IT.Lead@nhs.net');
    await page.getByRole('button', { name: 'Check the document' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('In the document, retentionDays:');
    expect(await page.title()).toMatch(/^Error: Onboard a trust/);
    expect(await accessibilityViolations(page)).toEqual([]);

    // the corrected file, uploaded: the changes it would make, still nothing written
    await page.getByLabel('Or choose its file').setInputFiles({ name: 'trust.yaml', mimeType: 'text/yaml', buffer: Buffer.from(westshire()) });
    await page.getByRole('button', { name: 'Check the document' }).click();
    expect(await page.locator('#preview h2').innerText()).toBe('Westshire NHS Trust (RXW): the document is ready');
    const changes = await page.locator('#changes li').allInnerTexts();
    expect(changes).toEqual(expect.arrayContaining(['+ RXW trust RXW: Westshire NHS Trust', '+ RXW ward RXW01/ED: Westshire Emergency Department']));
    expect(await page.locator('#preview').innerText()).toContain('it.lead@nhs.net will be invited as its first admin');
    expect(await accessibilityViolations(page)).toEqual([]);
    await tourScreenshot(page, 'platform-onboard');
    const before = await harness.api.as<{ platformTrusts: unknown[] }>('platform.admin@nhs.net', '{ platformTrusts { odsCode } }');
    expect(before.data!.platformTrusts).toHaveLength(3);

    await page.getByRole('button', { name: 'Onboard Westshire NHS Trust' }).click();
    expect(await heading(page)).toContain('Westshire NHS Trust');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Westshire NHS Trust is on the platform. it.lead@nhs.net is invited as its first admin');
    expect(await page.locator('.nhsuk-summary-list').innerText()).toContain('Active');

    // its first admin signs in and is in Westshire, as its trust admin
    const admin = await signedInPage(FIRST_ADMIN.displayName);
    expect(await admin.locator('header').innerText()).toContain('Westshire NHS Trust');
    const me = await harness.api.as<{ me: { trusts: { odsCode: string; roles: string[] }[] } }>(FIRST_ADMIN.email, '{ me { trusts { odsCode roles } } }');
    expect(me.data!.me.trusts).toEqual([{ odsCode: 'RXW', roles: ['TRUST_ADMIN'] }]);
  });

  it('says what suspending does before it is done, and reactivates; exports the configuration', async () => {
    const page = await signedInPage(PLATFORM_ADMIN);
    await page.goto('/platform/trusts/R1K');
    await page.getByRole('button', { name: 'Suspend the trust' }).click();
    expect(await heading(page)).toBe('Suspend London North West University Healthcare NHS Trust?');
    expect(await page.locator('#consequences').innerText()).toContain('Its staff cannot sign in');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Suspend London North West University Healthcare NHS Trust' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('London North West University Healthcare NHS Trust is suspended.');
    expect(await page.locator('.nhsuk-summary-list').innerText()).toContain('Suspended');
    expect((await harness.api.as('nurse.r1k@nhs.net', '{ wards { id } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await page.getByRole('button', { name: 'Reactivate the trust' }).click();
    expect(await page.locator('#consequences').innerText()).toContain('Messages to families go out again.');
    await page.getByRole('button', { name: 'Reactivate London North West University Healthcare NHS Trust' }).click();
    expect(await page.locator('.nhsuk-summary-list').innerText()).toContain('Active');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download its configuration/ }).click()]);
    expect(download.suggestedFilename()).toBe('R1K-trust.yaml');
    const exported = parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.odsCode).toBe('R1K');
  });

  it('makes a group, moves a trust into it, grants a group role and revokes it, naming what is wrong', async () => {
    const page = await signedInPage(PLATFORM_ADMIN);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Groups' }).click();
    expect(await heading(page)).toBe('Trust groups');
    await page.getByLabel('Group code').fill('not a code');
    await page.getByLabel('Group name').fill('North West London');
    await page.getByRole('button', { name: 'Make the group' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Group code must be 2 to 10 capital letters or digits');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Group code').fill('NWL');
    await page.getByRole('button', { name: 'Make the group' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('The group North West London (NWL) is made.');
    await page.getByLabel('Trust', { exact: true }).selectOption({ label: 'London North West University Healthcare NHS Trust (no group)' });
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'North West London' });
    await page.getByRole('button', { name: 'Move the trust' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('London North West University Healthcare NHS Trust is in North West London.');
    expect(await page.locator('main').innerText()).toContain('London North West University Healthcare NHS Trust (R1K)');

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Roles' }).click();
    expect(await heading(page)).toBe('Platform and group roles');
    await page.getByLabel('Email address').fill('analyst.r1k@nhs.net');
    await page.getByLabel('Entra tenant id').fill('nhsmail');
    await page.getByLabel('Group analyst').check();
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'North West London' });
    await page.getByRole('button', { name: 'Grant the role' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Entra tenant id must be an Entra tenant id (a GUID)');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Entra tenant id').fill(DEMO_TENANTS.nhsmail);
    await page.getByRole('button', { name: 'Grant the role' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('analyst.r1k@nhs.net is now group analyst.');
    const row = page.locator('#holders tbody tr', { hasText: 'analyst.r1k@nhs.net' });
    expect(await row.innerText()).toContain('Group analyst, North West London');
    // held since the platform's day, not the machine's
    expect(await row.innerText()).toContain('Wednesday 10 June 2026');
    const me = await harness.api.as<{ me: { platformRoles: { role: string; scope: string }[] } }>('analyst.r1k@nhs.net', '{ me { platformRoles { role scope } } }');
    expect(me.data!.me.platformRoles).toEqual([{ role: 'REPORTING_ANALYST', scope: 'GROUP' }]);
    await row.getByRole('button', { name: /Revoke/ }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('The role is taken away');
    expect(await page.locator('#holders').innerText()).not.toContain('analyst.r1k@nhs.net');
    const after = await harness.api.as<{ me: { platformRoles: unknown[] } }>('analyst.r1k@nhs.net', '{ me { platformRoles { role } } }');
    expect(after.data!.me.platformRoles).toEqual([]);
  });

  it('every central page passes axe at a phone’s and a desktop’s width, and shows the same page without JavaScript', async () => {
    const withScript = await signedInPage(PLATFORM_ADMIN);
    const withoutScript = await signedInPage(PLATFORM_ADMIN, { javaScriptEnabled: false });
    for (const path of ['/platform', '/platform/onboard', '/platform/trusts/RNQ', '/platform/trusts/RNQ/status/suspended', '/platform/trusts/RNQ/status/archived', '/platform/trusts/NOPE', '/platform/groups', '/platform/roles']) {
      await withScript.goto(path);
      expect({ path, violations: await accessibilityViolations(withScript) }).toEqual({ path, violations: [] });
      await withoutScript.goto(path);
      expect({ path, heading: await heading(withoutScript) }).toEqual({ path, heading: await heading(withScript) });
    }
    // onboarding works without JavaScript: pasted, checked, shown
    await withoutScript.goto('/platform/onboard');
    await withoutScript.getByLabel('The trust’s configuration').fill(stringify({ ...parse(westshire()), odsCode: 'RXN', name: 'Northshire NHS Trust' }));
    await withoutScript.getByRole('button', { name: 'Check the document' }).click();
    expect(await withoutScript.locator('#preview h2').innerText()).toBe('Northshire NHS Trust (RXN): the document is ready');
  });

  it('gives anyone but the central team the kind “not allowed” page', async () => {
    const page = await signedInPage('Tom Harris (RNQ trust admin)');
    expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Trusts' }).count()).toBe(0);
    for (const path of ['/platform', '/platform/onboard', '/platform/trusts/RNQ', '/platform/groups', '/platform/roles', '/platform/trusts/RNS/trust.yaml']) {
      const response = await page.goto(path);
      expect({ path, status: response!.status() }).toEqual({ path, status: path.endsWith('.yaml') ? 404 : 403 });
    }
    expect(await heading(page)).toBe('Page not found');
  });
});
