import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_TENANTS } from '@vv/demo';
import { startConsoleHarness, type ConsoleHarness } from './support/console-harness';
import { accessibilityViolations, until } from '@vv/platform/testing';

// Wednesday 10 June 2026, 10am in London.
let now = new Date('2026-06-10T09:00:00Z');

const NOBODY = { email: 'alex.nobody@nhs.net', displayName: 'Alex Moore (no role yet)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-0000000000ff', roles: [] };

let harness: ConsoleHarness;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  harness = await startConsoleHarness({ clock: () => now, extraAccounts: [NOBODY] });
}, 120_000);
afterAll(() => harness?.close());

async function signedInPage(displayName: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await harness.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  await harness.signIn(page, displayName);
  return page;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

/** A visit booked through the API, as the given person. */
async function bookThroughApi(email: string, wardCode: string, patientName: string, trust?: string): Promise<string> {
  const wards = await harness.api.as<{ wards: { id: string; code: string }[] }>(email, '{ wards { id code } }', {}, trust);
  const ward = wards.data!.wards.find((w) => w.code === wardCode)!;
  const booked = await harness.api.as<{ bookVisit: { id: string } }>(
    email,
    'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }',
    { input: { wardId: ward.id, patientName, contactName: 'Sam Contact', contactMobile: '07700900123', startAt: '2026-06-10T14:00:00Z', lengthMinutes: 30 } },
    trust,
  );
  if (!booked.data) throw new Error(JSON.stringify(booked.errors));
  return booked.data.bookVisit.id;
}

describe('who sees what in the console', () => {
  it('shows a visit on another ward, or in another trust, as a page that is not found', async () => {
    const ccuVisit = await bookThroughApi('ward.manager.rnq@nhs.net', 'CCU', 'Canary CCU Patient');
    const rnsVisit = await bookThroughApi('nurse.rns@nhs.net', 'STROKE', 'Canary RNS Patient');
    const page = await signedInPage('Nia Roberts (RNQ ED nurse)');
    for (const id of [ccuVisit, rnsVisit, 'not-a-visit']) {
      const response = await page.goto(`/visits/${id}`);
      expect(response!.status()).toBe(404);
      expect(await heading(page)).toBe('Page not found');
      expect(await page.content()).not.toContain('Canary');
    }
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('never shows one person’s data through another’s session', async () => {
    await bookThroughApi('nurse.r1k@nhs.net', 'ED', 'Canary R1K Patient');
    const rnq = await signedInPage('Nia Roberts (RNQ ED nurse)');
    const r1k = await signedInPage('Grace Wilson (R1K ED nurse)');
    expect(await r1k.content()).toContain('Canary R1K Patient');
    expect(await rnq.content()).not.toContain('Canary R1K Patient');
    // each session cookie is one person's: the R1K nurse's pages never appear in the other
    const [rnqCookie] = (await rnq.context().cookies()).filter((c) => c.name === 'vv-session');
    const [r1kCookie] = (await r1k.context().cookies()).filter((c) => c.name === 'vv-session');
    expect(rnqCookie.value).not.toBe(r1kCookie.value);
    expect(rnqCookie.httpOnly).toBe(true);
    expect(rnqCookie.sameSite).toBe('Lax');
    await rnq.reload();
    expect(await rnq.content()).not.toContain('Canary R1K Patient');
    // after sign-out the old cookie opens nothing
    await r1k.goto('/sign-out');
    await r1k.getByRole('button', { name: 'Sign out' }).click();
    const replay = await harness.newContext();
    contexts.push(replay);
    await replay.addCookies([{ ...r1kCookie }]);
    const replayed = await replay.newPage();
    await replayed.goto('/');
    expect(await heading(replayed)).toBe('Virtual Visits for ward staff');
    expect(await replayed.content()).not.toContain('Canary R1K Patient');
  });

  it('refuses a form posted without its CSRF token, and books nothing', async () => {
    const page = await signedInPage('Nia Roberts (RNQ ED nurse)');
    const wards = await harness.api.as<{ wards: { id: string }[] }>('nurse.rnq@nhs.net', '{ wards { id } }');
    const response = await page.context().request.post('/book', {
      form: { wardId: wards.data!.wards[0].id, patientName: 'Canary CSRF Patient', contactName: 'Sam Contact', contactMobile: '07700900123', 'startAt[day]': '10', 'startAt[month]': '6', 'startAt[year]': '2026', time: '4pm', idempotencyKey: 'csrf-probe-0001' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('This form has expired');
    const visits = await harness.api.as<{ visits: { edges: { node: { patientName: string } }[] } }>('nurse.rnq@nhs.net', '{ visits(filter: { view: TODAY }) { edges { node { patientName } } } }');
    expect(visits.data!.visits.edges.map((e) => e.node.patientName)).not.toContain('Canary CSRF Patient');
  });

  it('books once when the same form is sent twice', async () => {
    const page = await signedInPage('Nia Roberts (RNQ ED nurse)');
    await page.goto('/book');
    await page.getByLabel('Patient’s name').fill('Double Click Patient');
    await page.getByLabel('Key contact’s name').fill('Sam Contact');
    await page.getByLabel('Mobile number').fill('07700 900123');
    await page.getByLabel('Time', { exact: true }).fill('5pm');
    const form = Object.fromEntries(
      await page.locator('form[action="/book"] input').evaluateAll((inputs) => inputs.map((input) => [(input as unknown as { name: string }).name, (input as unknown as { value: string }).value])),
    ) as Record<string, string>;
    const send = () => page.context().request.post('/book', { form, maxRedirects: 0 });
    const [first, second] = await Promise.all([send(), send()]);
    expect(first.status()).toBe(303);
    expect(second.status()).toBe(303);
    expect(second.headers().location).toBe(first.headers().location);
  });

  it('works without JavaScript: the ward’s day and booking', async () => {
    const page = await signedInPage('Nia Roberts (RNQ ED nurse)', { javaScriptEnabled: false });
    expect(await heading(page)).toContain('Emergency Department');
    await page.getByRole('button', { name: 'Book a visit' }).click();
    await page.getByLabel('Patient’s name').fill('No Script Patient');
    await page.getByLabel('Key contact’s name').fill('Sam Contact');
    await page.getByLabel('Email address').fill('sam.contact@example.com');
    await page.getByLabel('Time', { exact: true }).fill('6:30pm');
    await page.getByRole('button', { name: 'Book visit' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Visit booked. An email has been sent to Sam Contact.');
    await page.getByRole('link', { name: 'Back to the ward’s day' }).click();
    expect(await page.locator('#visits').innerText()).toContain('No Script Patient');
  });

  it('asks someone with roles in two trusts which one, and lets them change it', async () => {
    const page = await signedInPage('Olivia Hughes (bank nurse, RNQ and RNS)');
    expect(await heading(page)).toBe('Which trust are you working in?');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Northampton General Hospital NHS Trust').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('header').innerText()).toContain('Northampton General Hospital');
    await page.getByRole('link', { name: 'Change trust' }).click();
    await page.getByLabel('Kettering General Hospital NHS Foundation Trust').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('header').innerText()).toContain('Kettering General Hospital');
  });

  it('tells someone with no role who to ask', async () => {
    const page = await signedInPage(NOBODY.displayName);
    expect(await heading(page)).toBe('You do not have access yet');
    expect(await page.content()).toContain('ward manager');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('starts a visit now on a ward that takes unscheduled visits', async () => {
    const page = await signedInPage('Nia Roberts (RNQ ED nurse)');
    await page.getByRole('button', { name: 'Visit now' }).click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Patient’s name').fill('Walk In Patient');
    await page.getByLabel('Key contact’s name').fill('Robin Walker');
    await page.getByLabel('Mobile number').fill('07700 900123');
    await page.getByRole('button', { name: 'Start visit now' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Visit started. A text has been sent with the link to Robin Walker.');
    expect(await page.getByRole('link', { name: /Join on this device/ }).getAttribute('href')).toMatch(/^https:\/\//);
  });

  it('shows a message that did not arrive, and sends it again to corrected details', async () => {
    const page = await signedInPage('Nia Roberts (RNQ ED nurse)');
    await page.getByRole('button', { name: 'Book a visit' }).click();
    await page.getByLabel('Patient’s name').fill('Wrong Number Patient');
    await page.getByLabel('Key contact’s name').fill('Jo Wrong');
    await page.getByLabel('Mobile number').fill('07700 900002'); // GOV.UK Notify's test number for a permanent failure
    await page.getByLabel('Time', { exact: true }).fill('7pm');
    await page.getByRole('button', { name: 'Book visit' }).click();
    const visitUrl = page.url();
    // the worker sends it and Notify's receipt comes back: the page shows it on a later load
    const failed = page.getByText('Not delivered: the number or address is wrong');
    await until(async () => (await page.goto(visitUrl)) && (await failed.count()) > 0);
    expect(await failed.count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Correct the key contact’s details' }).click();
    await page.getByLabel('Mobile number').fill('07700 900123');
    await page.getByRole('button', { name: 'Save the key contact’s details' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('The key contact’s details are saved.');
    await page.getByRole('button', { name: /Send again: the booking confirmation text/ }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('The message is being sent again to Jo Wrong.');
    const delivered = page.getByText('Delivered', { exact: true });
    await until(async () => (await page.goto(visitUrl)) && (await delivered.count()) > 0);
    await page.getByRole('link', { name: 'Back to the ward’s day' }).click();
    expect(await page.locator('#visits tbody tr', { hasText: 'Wrong Number Patient' }).innerText()).toContain('Text: Delivered');
  });

  it('every page passes axe at a phone’s and a desktop’s width, and shows the same page without JavaScript', async () => {
    const visit = await bookThroughApi('nurse.rnq@nhs.net', 'ED', 'Every Page Patient');
    // a visit that has ended, on a ward that rebooks (CCU), for the "book the next visit" form
    const ended = await bookThroughApi('ward.manager.rnq@nhs.net', 'CCU', 'Every Page Rebook Patient');
    await harness.api.as('ward.manager.rnq@nhs.net', 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Patient discharged") { id } }', { id: ended });
    const ed = (await harness.api.as<{ wards: { id: string; code: string }[] }>('nurse.rnq@nhs.net', '{ wards { id code } }')).data!.wards.find((w) => w.code === 'ED')!.id;
    const signedInPages = ['/', '/book', `/visit-now?ward=${ed}`, `/visits/${visit}`, `/visits/${visit}/reschedule`, `/visits/${visit}/cancel`, `/visits/${visit}/contact`, '/sign-out', '/accessibility', '/privacy', '/visits/not-a-visit'];
    const managerPages = [`/visits/${ended}`, `/visits/${ended}/rebook`];
    const signedOutPages = ['/', '/signed-out', '/accessibility', '/privacy'];
    const withScript = await signedInPage('Nia Roberts (RNQ ED nurse)');
    const withoutScript = await signedInPage('Nia Roberts (RNQ ED nurse)', { javaScriptEnabled: false });
    const manager = await signedInPage('Mary Evans (RNQ ward manager)');
    const managerNoScript = await signedInPage('Mary Evans (RNQ ward manager)', { javaScriptEnabled: false });
    const signedOut = await harness.newContext();
    contexts.push(signedOut);
    const signedOutPage = await signedOut.newPage();
    const signedOutNoScript = await harness.newContext({ javaScriptEnabled: false });
    contexts.push(signedOutNoScript);
    const signedOutNoScriptPage = await signedOutNoScript.newPage();

    const checks: [Page, Page, string[]][] = [
      [withScript, withoutScript, signedInPages],
      [manager, managerNoScript, managerPages],
      [signedOutPage, signedOutNoScriptPage, signedOutPages],
    ];
    for (const [scripted, plain, paths] of checks) {
      for (const path of paths) {
        const response = await scripted.goto(path);
        // every page is itself, not a refusal (the not-found page is asked for by name)
        if (!path.includes('not-a-visit')) expect({ path, status: response!.status() }).toEqual({ path, status: 200 });
        expect({ path, violations: await accessibilityViolations(scripted) }).toEqual({ path, violations: [] });
        await plain.goto(path);
        expect({ path, heading: await heading(plain) }).toEqual({ path, heading: await heading(scripted) });
      }
    }
    // a form sent after its token was lost: the kind "expired" page, also checked
    await withScript.goto('/book');
    await withScript.locator('input[name="_csrf"]').evaluate((input) => (input as unknown as { remove(): void }).remove());
    await withScript.getByRole('button', { name: 'Book visit' }).click();
    expect(await heading(withScript)).toBe('This form has expired');
    expect(await accessibilityViolations(withScript)).toEqual([]);
  });

  it('never offers an analyst, who may see reports but not patients, the booking form or its buttons, and a forged booking books nothing', async () => {
    const page = await signedInPage('Ben Cooper (R1K analyst)');
    // the API says on which wards this person may book: none
    expect(await page.getByRole('button', { name: 'Book a visit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Visit now' }).count()).toBe(0);
    for (const path of ['/book', '/visit-now']) {
      const response = await page.goto(path);
      expect({ path, status: response!.status(), heading: await heading(page) }).toEqual({ path, status: 403, heading: 'You cannot do this' });
      expect(await page.getByLabel('Patient’s name').count()).toBe(0);
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    // a booking posted anyway (with a valid form token) is refused by the API, kindly
    await page.goto('/sign-out');
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const wards = await harness.api.as<{ wards: { id: string; code: string }[] }>('nurse.r1k@nhs.net', '{ wards { id code } }');
    const response = await page.context().request.post('/book', {
      form: { _csrf: csrf, wardId: wards.data!.wards.find((w) => w.code === 'ED')!.id, patientName: 'Canary Analyst Patient', contactName: 'Sam Contact', contactMobile: '07700900123', 'startAt[day]': '10', 'startAt[month]': '6', 'startAt[year]': '2026', time: '5pm', idempotencyKey: 'analyst-probe-0001' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('You cannot do this');
    const visits = await harness.api.as<{ visits: { edges: { node: { patientName: string } }[] } }>('nurse.r1k@nhs.net', '{ visits(filter: { view: TODAY }) { edges { node { patientName } } } }');
    expect(visits.data!.visits.edges.map((e) => e.node.patientName)).not.toContain('Canary Analyst Patient');
  });

  it('offers on a visit only what the API says may be done with it now', async () => {
    const visit = await bookThroughApi('nurse.rnq@nhs.net', 'ED', 'Offered Actions Patient');
    const page = await signedInPage('Nia Roberts (RNQ ED nurse)');
    const buttons = async () => (await page.locator('.vv-actions').getByRole('button').allInnerTexts()).map((text) => text.trim());
    await page.goto(`/visits/${visit}`);
    expect(await buttons()).toEqual(['Start visit', 'Change time', 'Cancel visit']);
    await harness.api.as('nurse.rnq@nhs.net', 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Patient discharged") { id } }', { id: visit });
    await page.reload();
    expect(await buttons()).not.toContain('Start visit');
    expect(await buttons()).not.toContain('Change time');
    // a form for something no longer possible is the kind page, not a form that would fail
    const response = await page.goto(`/visits/${visit}/reschedule`);
    expect(response!.status()).toBe(403);
    expect(await heading(page)).toBe('You cannot do this');
  });

  it('signs a device out after 15 idle minutes and says why', async () => {
    const page = await signedInPage('Nia Roberts (RNQ ED nurse)');
    now = new Date(now.getTime() + 16 * 60_000);
    await page.goto('/');
    expect(await heading(page)).toBe('You were signed out');
    expect(await page.content()).toContain('15 minutes');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto('/');
    expect(await heading(page)).toBe('Virtual Visits for ward staff');
  });
});
