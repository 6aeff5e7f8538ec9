import type { Page } from 'playwright-core';
import { startConsoleHarness, type ConsoleHarness } from './support/console-harness';
import { accessibilityViolations } from '@vv/platform/testing';

/**
 * Requests the console cannot read, from a signed-in browser: each gets a kind page with the
 * right status, never "there is a problem with the service", and none quotes what was sent.
 */
const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT
const NURSE = 'nurse.rnq@nhs.net';
const TRUST_ADMIN = 'trust.admin@kgh.nhs.uk';
/** A well-formed id that names nothing. */
const UNKNOWN = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsoleHarness({ clock: () => NOW });
});
afterAll(() => harness?.close());

it('answers an address that does not decode, and a form over the size limit, with kind pages', async () => {
  const context = await harness.newContext();
  const page = await context.newPage();
  await harness.signIn(page, 'Nia Roberts (RNQ ED nurse)');

  const undecodable = await page.goto('/visits/Margaret%E0%A4%A');
  expect(undecodable?.status()).toBe(400);
  expect(await page.locator('h1').innerText()).toBe('This address could not be read');
  expect(await page.content()).not.toMatch(/Margaret/);
  expect(await accessibilityViolations(page)).toEqual([]);

  // a form far over the limit, posted from the signed-in page as a browser would
  await page.goto('/');
  const status = await page.evaluate<number>(`(async () => {
    const body = new URLSearchParams({ patientName: 'Margaret Jones '.repeat(5000) });
    const response = await fetch(location.pathname, { method: 'POST', body });
    document.documentElement.innerHTML = await response.text();
    return response.status;
  })()`);
  expect(status).toBe(413);
  expect(await page.locator('h1').innerText()).toBe('What you sent is too long');
  expect(await page.content()).not.toMatch(/Margaret/);
  await context.close();
});

/** A page's heading without its caption (a visit's page names its ward on a line under it). */
async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').innerText()).split('\n')[0].trim();
}

/** What a GET of this address shows: its status and heading. */
async function visit(page: Page, address: string): Promise<[number | undefined, string]> {
  const response = await page.goto(address);
  return [response?.status(), await heading(page)];
}

/** The session's CSRF token, as the forms of the page shown carry it. */
function csrfOf(page: Page): Promise<string> {
  return page.locator('input[name="_csrf"]').first().inputValue();
}

/**
 * A form's POST from the signed-in page with the session's CSRF token: the status, the path it
 * ended on (after a redirect) and the heading of what came back, which the page then shows.
 */
async function post(page: Page, csrf: string, address: string, fields: Record<string, string> | string = {}): Promise<[number, string, string]> {
  // a string is the rest of the body exactly as given, percent-escapes and all
  const body = typeof fields === 'string' ? `_csrf=${encodeURIComponent(csrf)}&${fields}` : new URLSearchParams({ _csrf: csrf, ...fields }).toString();
  const [status, path] = await page.evaluate<[number, string]>(`(async () => {
    const response = await fetch(${JSON.stringify(address)}, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: ${JSON.stringify(body)} });
    document.documentElement.innerHTML = await response.text();
    return [response.status, new URL(response.url).pathname];
  })()`);
  return [status, path, await heading(page)];
}

describe('an id in an address that names nothing', () => {
  it('is "page not found" for a visit, GET and POST alike, and an upper-case id is the same visit', async () => {
    const wards = await harness.api.as<{ wards: { id: string; code: string }[] }>(NURSE, '{ wards { id code } }');
    const ed = wards.data!.wards.find((w) => w.code === 'ED')!.id;
    const booked = await harness.api.as<{ bookVisit: { id: string } }>(NURSE, 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
      input: { wardId: ed, patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900581', startAt: '2026-11-23T10:00:00Z' },
    });
    const visitId = booked.data!.bookVisit.id;
    const page = await harness.signedInPage('Nia Roberts (RNQ ED nurse)');

    expect(await visit(page, '/visits/not-an-id')).toEqual([404, 'Page not found']);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await visit(page, `/visits/${UNKNOWN}`)).toEqual([404, 'Page not found']);
    expect(await visit(page, '/visits/not-an-id/reschedule')).toEqual([404, 'Page not found']);
    expect(await visit(page, `/?ward=not-an-id`)).toEqual([404, 'Page not found']);
    expect(await visit(page, `/book?ward=not-an-id`)).toEqual([404, 'Page not found']);
    expect(await visit(page, `/visits/${visitId.toUpperCase()}`)).toEqual([200, 'Visit for Margaret Jones']);
    // the same on a phone with JavaScript off
    const noScript = await harness.signedInPage('Nia Roberts (RNQ ED nurse)', { javaScriptEnabled: false, width: 375 });
    expect(await visit(noScript, '/visits/not-an-id')).toEqual([404, 'Page not found']);
    expect(await visit(noScript, `/book?ward=not-an-id`)).toEqual([404, 'Page not found']);
    expect(await visit(noScript, `/visits/${visitId.toUpperCase()}`)).toEqual([200, 'Visit for Margaret Jones']);
    await noScript.context().close();
    const csrf = await csrfOf(page);

    expect(await post(page, csrf, '/visits/not-an-id/start')).toEqual([404, '/visits/not-an-id/start', 'Page not found']);
    expect(await post(page, csrf, `/visits/${UNKNOWN}/start`)).toEqual([404, `/visits/${UNKNOWN}/start`, 'Page not found']);
    expect(await post(page, csrf, `/visits/${visitId}/messages/not-an-id/resend`)).toEqual([404, `/visits/${visitId}/messages/not-an-id/resend`, 'Page not found']);
    // the ward is a hidden field of the booking form: a changed one names no ward
    expect(await post(page, csrf, '/book', { wardId: 'not-an-id', patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900581', 'startAt[day]': '23', 'startAt[month]': '11', 'startAt[year]': '2026', time: '11:00' })).toEqual([
      404,
      '/book',
      'Page not found',
    ]);
    // the upper-case spelling starts the visit and comes back to its page
    expect(await post(page, csrf, `/visits/${visitId.toUpperCase()}/start`)).toEqual([200, `/visits/${visitId}`, 'Visit for Margaret Jones']);
    await page.context().close();
  });

  it('is "page not found" in the trust admin’s pages, GET and POST alike', async () => {
    const wards = await harness.api.as<{ wards: { id: string; code: string }[] }>(TRUST_ADMIN, '{ wards { id code } }');
    const ward = wards.data!.wards.find((w) => w.code === 'ED')!.id;
    const invited = await harness.api.as<{ inviteStaff: { id: string } }>(TRUST_ADMIN, 'mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }', {
      input: { email: 'ed.nurse@nhs.net', role: 'WARD_STAFF', scope: 'WARD', wardId: ward },
    });
    const invitation = invited.data!.inviteStaff.id;
    const pending = async () => (await harness.api.as<{ invitations: { id: string }[] }>(TRUST_ADMIN, '{ invitations { id } }')).data!.invitations.map((i) => i.id);
    const page = await harness.signedInPage('Tom Harris (RNQ trust admin)');

    expect(await visit(page, '/admin/wards/not-an-id')).toEqual([404, 'Page not found']);
    expect(await visit(page, `/admin/wards/${UNKNOWN}`)).toEqual([404, 'Page not found']);
    expect(await visit(page, '/admin/hospitals/not-an-id/archive')).toEqual([404, 'Page not found']);
    expect(await visit(page, '/admin/staff/not-an-id')).toEqual([404, 'Page not found']);
    const [status, title] = await visit(page, `/admin/wards/${ward.toUpperCase()}`);
    expect(status).toBe(200);
    expect(title).not.toBe('Page not found');
    const csrf = await csrfOf(page);

    expect(await pending()).toContain(invitation);
    expect(await post(page, csrf, '/admin/staff/invitations/not-an-id/revoke')).toEqual([404, '/admin/staff/invitations/not-an-id/revoke', 'Page not found']);
    expect(await post(page, csrf, `/admin/staff/invitations/${UNKNOWN}/revoke`)).toEqual([404, `/admin/staff/invitations/${UNKNOWN}/revoke`, 'Page not found']);
    expect(await post(page, csrf, '/admin/staff/invite', { email: 'new.nurse@nhs.net', role: 'WARD_STAFF', place: 'ward:not-an-id' })).toEqual([404, '/admin/staff/invite', 'Page not found']);
    // the upper-case spelling withdraws the invitation
    const [done, landed] = await post(page, csrf, `/admin/staff/invitations/${invitation.toUpperCase()}/revoke`);
    expect([done, landed]).toEqual([200, '/admin/staff']);
    expect(await pending()).not.toContain(invitation);
    await page.context().close();
  });
});

describe('a form whose text is not UTF-8', () => {
  const booking = (wardId: string, patientName: string, time: string) =>
    `wardId=${wardId}&patientName=${patientName}&contactName=David+Jones&contactMobile=07700+900581&startAt%5Bday%5D=23&startAt%5Bmonth%5D=11&startAt%5Byear%5D=2026&time=${encodeURIComponent(time)}`;
  const patients = async (ward: string) =>
    (await harness.api.as<{ visits: { edges: { node: { patientName: string } }[] } }>(NURSE, 'query($ward: ID!) { visits(first: 100, filter: { wardId: $ward, view: UPCOMING }) { edges { node { patientName } } } }', { ward })).data!.visits.edges.map(
      (e) => e.node.patientName,
    );

  it('is refused with a kind page before anything is booked, and a Welsh or Irish name books as typed', async () => {
    const wards = await harness.api.as<{ wards: { id: string; code: string }[] }>(NURSE, '{ wards { id code } }');
    const ed = wards.data!.wards.find((w) => w.code === 'ED')!.id;
    const page = await harness.signedInPage('Nia Roberts (RNQ ED nurse)');
    await page.goto(`/book?ward=${ed}`);
    const csrf = await csrfOf(page);

    for (const name of ['Con%ED%A0%80Pat', 'Con%FFPat', 'Con%C0%AFPat', 'Con%E2%82Pat', 'Con%Pat', 'Con%4Pat']) {
      expect(await post(page, csrf, '/book', booking(ed, name, '15:00'))).toEqual([400, '/book', 'What you sent could not be read']);
      expect(await page.content()).not.toMatch(/Con.{0,12}Pat/);
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await accessibilityViolations(page)).toEqual([]);
    // on a phone with JavaScript off, the same form body sent by the browser's own navigation
    const noScript = await harness.signedInPage('Nia Roberts (RNQ ED nurse)', { javaScriptEnabled: false, width: 375 });
    await noScript.goto(`/book?ward=${ed}`);
    const noScriptCsrf = await csrfOf(noScript);
    await noScript.route('**/book', (route) =>
      route.continue({ method: 'POST', headers: { ...route.request().headers(), 'content-type': 'application/x-www-form-urlencoded' }, postData: `_csrf=${encodeURIComponent(noScriptCsrf)}&${booking(ed, 'Con%FFPat', '15:00')}` }),
    );
    const refused = await noScript.goto('/book');
    expect([refused?.status(), await heading(noScript)]).toEqual([400, 'What you sent could not be read']);
    expect(await noScript.content()).not.toMatch(/Con.{0,12}Pat/);
    await noScript.context().close();
    expect((await patients(ed)).filter((name) => name.startsWith('Con'))).toEqual([]);

    const [status, path, title] = await post(page, csrf, '/book', booking(ed, encodeURIComponent('Siân Ó Dónaill'), '16:00'));
    expect([status, path.startsWith('/visits/'), title]).toEqual([200, true, 'Visit for Siân Ó Dónaill']);
    expect(await patients(ed)).toContain('Siân Ó Dónaill');
    await page.context().close();
  });
});
