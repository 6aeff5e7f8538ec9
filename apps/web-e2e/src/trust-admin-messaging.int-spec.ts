import type { Page } from 'playwright-core';
import { AuditEvent, AuditRecord } from '@vv/domain/audit';
import { accessibilityViolations, tourScreenshot } from '@vv/platform/testing';
import { startConsoleHarness, type ConsoleHarness } from './support/console-harness';

// Wednesday 10 June 2026, 10am in London.
const now = new Date('2026-06-10T09:00:00Z');

const RNQ_ADMIN = 'Tom Harris (RNQ trust admin)';
const R1K_ADMIN = 'Laura Brown (R1K trust admin)';
const PLATFORM_ADMIN = 'Priya Shah (platform admin)';
const NURSE_EMAIL = 'nurse.rnq@nhs.net';
/** A visit's names and number: they must never show on the audit or statistics pages. */
const CANARY = { patient: 'Ozymandias Quillfeather', contact: 'Bartholomew Quillfeather', mobile: '07700 900417' };

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({ clock: () => now });
  // a visit booked and cancelled by the ED nurse, and three of her records from March, kept as the audit keeps them
  const { data } = await harness.api.as<{ wards: { id: string; code: string }[] }>(NURSE_EMAIL, '{ wards { id code } }');
  const ed = data!.wards.find((w) => w.code === 'ED')!.id;
  const booked = await harness.api.as<{ bookVisit: { id: string } }>(NURSE_EMAIL, 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
    input: { wardId: ed, patientName: CANARY.patient, contactName: CANARY.contact, contactMobile: CANARY.mobile, startAt: '2026-06-10T13:00:00Z', lengthMinutes: 30 },
  });
  await harness.api.as(NURSE_EMAIL, 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Ozymandias went home") { status } }', { id: booked.data!.bookVisit.id });
  const owner = harness.api.ownerOrm.em.fork().getConnection();
  const [{ id: trustId }] = await owner.execute<{ id: string }[]>(`select id from trust where ods_code = 'RNQ'`);
  const [{ id: nurseId }] = await owner.execute<{ id: string }[]>(`select id from staff_member where email = '${NURSE_EMAIL}'`);
  await harness.api.db.inTrust({ trustId, odsCode: 'RNQ' }, async (em) => {
    for (const [at, action] of [['2026-03-02T10:00:00Z', 'ward.updated'], ['2026-03-15T10:00:00Z', 'ward.flag_set'], ['2026-04-01T09:00:00Z', 'hospital.renamed']] as const) {
      em.create(AuditEvent, { trust: trustId, record: Object.assign(new AuditRecord(), { occurredAt: new Date(at), actorStaffId: nurseId, action, targetType: action.split('.')[0], targetId: ed, outcome: 'success' }) });
    }
  });
}, 120_000);
afterAll(async () => {
  await harness?.close();
});

const signedInPage = (displayName: string, options: { javaScriptEnabled?: boolean } = {}) => harness.signedInPage(displayName, options);

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const banner = (page: Page) => page.locator('.nhsuk-notification-banner').innerText();
const errorSummary = (page: Page) => page.locator('.nhsuk-error-summary').innerText();

let rnqAdmin: Page | undefined;
/** One signed-in Kettering admin for the tests that need one (a sign-in costs seconds on a busy machine). */
async function kettering(): Promise<Page> {
  rnqAdmin ??= await signedInPage(RNQ_ADMIN);
  return rnqAdmin;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe('a trust admin checking the trust’s messaging and video, and reading its audit', () => {
  it('sends a test message and sees GOV.UK Notify’s answer: accepted with its id, then refused, then a number it cannot take', async () => {
    const page = await kettering();
    await page.goto('/admin');
    await page.getByRole('link', { name: 'Messaging' }).click();
    expect(await heading(page)).toBe('Messaging');
    const reminderSms = await page.getByRole('textbox', { name: 'Text message template id' }).nth(1).inputValue();
    expect(reminderSms).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByLabel('GOV.UK Notify API key').inputValue()).toBe('');
    expect(await page.locator('#notifyApiKey-hint').innerText()).toMatch(/^A key is set, for Notify service [0-9a-f-]{36}\.$/);

    await page.getByLabel('Message', { exact: true }).selectOption({ label: 'Booking confirmation' });
    await page.getByLabel('Text message', { exact: true }).check();
    await page.getByLabel('Mobile number or email address').fill('07700 900583');
    await page.getByRole('button', { name: 'Send the test message' }).click();
    const accepted = await banner(page);
    const notifyId = /Its id in Notify is ([0-9a-f-]{36})\./.exec(accepted)?.[1];
    expect(accepted).toContain('GOV.UK Notify accepted the test text message to 07••• •••583.');
    expect(harness.api.notify.server.accepted.find((n) => n.id === notifyId)).toMatchObject({ to: '+447700900583', serviceId: harness.api.notify.serviceIdOf('RNQ') });
    await expectAccessible(page);
    await tourScreenshot(page, 'admin-messaging');

    harness.api.notify.server.inject({ status: 400, error: 'BadRequestError' });
    await page.getByLabel('Mobile number or email address').fill('07700 900583');
    await page.getByRole('button', { name: 'Send the test message' }).click();
    expect(await banner(page)).toContain('GOV.UK Notify refused the test text message to 07••• •••583: 400 BadRequestError: Can’t send to this recipient when service is in trial mode');

    await page.getByLabel('Email', { exact: true }).check();
    await page.getByLabel('Mobile number or email address').fill('not an address');
    await page.getByRole('button', { name: 'Send the test message' }).click();
    expect(await errorSummary(page)).toContain('Mobile number or email address is not an email address');
    expect(await page.title()).toMatch(/^Error: Messaging/);
    await expectAccessible(page);

    // a template id Notify could not know is named by its message and channel, and nothing is saved
    await page.getByRole('textbox', { name: 'Text message template id' }).nth(1).fill('not-a-template');
    await page.getByRole('button', { name: 'Save the messaging settings' }).click();
    expect(await errorSummary(page)).toContain('Reminder: text message template id must be a Notify template id');
    // a template emptied is refused (families would silently not be told), and nothing is saved
    await page.getByLabel('Reminder', { exact: true }).fill('30');
    await page.getByRole('textbox', { name: 'Text message template id' }).nth(1).fill('');
    await page.getByRole('button', { name: 'Save the messaging settings' }).click();
    expect(await errorSummary(page)).toContain('Reminder: text message template id cannot be empty');
    await expectAccessible(page);
    // with the template given again, the rest is saved
    await page.getByLabel('Reminder', { exact: true }).fill('30');
    await page.getByRole('textbox', { name: 'Text message template id' }).nth(1).fill(reminderSms);
    await page.getByRole('button', { name: 'Save the messaging settings' }).click();
    expect(await banner(page)).toContain('The messaging settings are saved.');
    const saved = await harness.api.as<{ messagingSettings: { reminderMinutesBefore: number; templates: { kind: string; sms: string | null }[]; notifyApiKeySet: boolean } }>(
      'trust.admin@kgh.nhs.uk',
      '{ messagingSettings { reminderMinutesBefore notifyApiKeySet templates { kind sms } } }',
    );
    expect(saved.data!.messagingSettings).toMatchObject({ reminderMinutesBefore: 30, notifyApiKeySet: true });
    expect(saved.data!.messagingSettings.templates.find((t) => t.kind === 'REMINDER')!.sms).toBe(reminderSms);
  });

  it('tests the video provider: Whereby makes and deletes a room; a provider that does not answer is named with its code', async () => {
    const page = await signedInPage(R1K_ADMIN);
    await page.goto('/admin/video');
    expect(await heading(page)).toBe('Video');
    expect(await page.getByLabel('Whereby', { exact: true }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Test the provider' }).click();
    expect(await banner(page)).toContain('Whereby works. Whereby accepted the API key and made a locked room. Whereby deleted the room.');
    expect(harness.api.whereby.requests.slice(-2).map((r) => [r.method, r.authorized])).toEqual([
      ['POST', true],
      ['DELETE', true],
    ]);
    await expectAccessible(page);
    await tourScreenshot(page, 'admin-video');

    await harness.api.whereby.close();
    await page.getByRole('button', { name: 'Test the provider' }).click();
    expect(await banner(page)).toContain('The video provider did not answer (VIDEO_SERVICE_UNAVAILABLE): The video service did not answer. Try again in a minute.');
  });

  it('searches the audit by person and days, and never shows a patient’s or contact’s details', async () => {
    const page = await kettering();
    await page.goto('/admin/audit');
    expect(await heading(page)).toBe('Audit');
    await page.getByLabel('Person').selectOption({ label: 'Nia Roberts (RNQ ED nurse) (nurse.rnq@nhs.net)' });
    await page.getByLabel('From', { exact: true }).fill('2026-03-01');
    await page.getByLabel('To', { exact: true }).fill('2026-03-31');
    await page.getByRole('button', { name: 'Search the audit' }).click();
    const rows = await page.locator('#events tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Ward feature set');
    expect(rows[1]).toContain('Ward changed');
    expect(rows[0]).toContain('Nia Roberts (RNQ ED nurse)');
    expect(rows[0]).toContain('15 March 2026');
    expect(new URL(page.url()).search).not.toMatch(/Nia|nurse/);
    await expectAccessible(page);
    await tourScreenshot(page, 'admin-audit');

    // her work of today: the visit she booked and cancelled, by id, without its names
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await page.getByLabel('Action').selectOption({ label: 'Visits: every action' });
    await page.getByRole('button', { name: 'Search the audit' }).click();
    expect(await page.locator('#events').innerText()).toMatch(/Visit cancelled[\s\S]*Visit booked/);
    expect(await page.content()).not.toMatch(/Ozymandias|Quillfeather|900417/);
    expect(new URL(page.url()).searchParams.get('action')).toBe('visit');
    await expectAccessible(page);

    // a browser's date field sends only real dates; an address typed by hand is checked as well
    await page.goto('/admin/audit?from=2026-04-31');
    expect(await errorSummary(page)).toContain('From must be a real date, like 2026-03-01');
    await page.goto('/admin/audit?action=drop_table');
    expect(await errorSummary(page)).toContain('Action must be one of the actions listed');
    await expectAccessible(page);
  });
});

describe('the central team’s platform statistics', () => {
  it('counts trusts, wards, visits and messages per trust per month, from the trusts page', async () => {
    const page = await signedInPage(PLATFORM_ADMIN);
    await page.getByRole('link', { name: 'Platform statistics' }).click();
    expect(await heading(page)).toBe('Platform statistics');
    expect(await page.locator('main h2').first().innerText()).toBe('July 2025 to June 2026');
    const june = (await page.locator('#by-month tbody tr', { hasText: 'Kettering' }).locator('td').allInnerTexts()).map((cell) => cell.trim());
    // month, trust, wards with visits, booked, completed, cancelled, missed, messages delivered, failed
    expect(june[0]).toBe('June 2026');
    expect(june.slice(2, 7)).toEqual(['1', '1', '0', '1', '0']);
    expect(await page.locator('#trusts tbody tr').count()).toBe(3);
    expect(await page.content()).not.toMatch(/Ozymandias|Quillfeather|900417|Nia Roberts/);
    await expectAccessible(page);
    await tourScreenshot(page, 'platform-statistics');

    await page.getByLabel('From', { exact: true }).fill('2026-07');
    await page.getByLabel('To', { exact: true }).fill('2026-06');
    await page.getByRole('button', { name: 'Show these months' }).click();
    expect(await errorSummary(page)).toContain('To must be the same as the first month or later');
  });
});

describe('who may open these pages', () => {
  it('works without JavaScript, and gives everyone else the kind “not allowed” page', async () => {
    const withoutScript = await signedInPage(RNQ_ADMIN, { javaScriptEnabled: false });
    await withoutScript.goto('/admin/messaging');
    await withoutScript.getByLabel('Mobile number or email address').fill('07700 900583');
    await withoutScript.getByRole('button', { name: 'Send the test message' }).click();
    expect(await banner(withoutScript)).toContain('GOV.UK Notify accepted the test text message');
    await withoutScript.goto('/admin/audit?action=ward');
    expect(await withoutScript.locator('#events tbody tr').count()).toBeGreaterThan(0);
    // one action, chosen from the form and searched with the form's own GET
    await withoutScript.getByLabel('Action').selectOption({ label: 'Wards: Ward changed' });
    await withoutScript.getByRole('button', { name: 'Search the audit' }).click();
    const changed = await withoutScript.locator('#events tbody tr').allInnerTexts();
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((row) => row.includes('Ward changed'))).toBe(true);
    expect(new URL(withoutScript.url()).searchParams.get('action')).toBe('ward_updated');
    await withoutScript.goto('/admin/audit?action=drop_table');
    expect(await errorSummary(withoutScript)).toContain('Action must be one of the actions listed');
    expect((await withoutScript.goto('/platform/statistics'))!.status()).toBe(403);

    const nurse = await signedInPage('Nia Roberts (RNQ ED nurse)');
    for (const path of ['/admin/messaging', '/admin/video', '/admin/audit', '/platform/statistics']) {
      const response = await nurse.goto(path);
      expect({ path, status: response!.status() }).toEqual({ path, status: 403 });
    }
    expect(await heading(nurse)).toBe('You cannot do this');
  });
});
