import type { Browser } from 'playwright-core';
import { checkPage, launchChromium, type PageCheck } from '@vv/platform/testing';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * The family's page in real headless Chromium, in every state a link can be in: NHS.UK
 * layout (NHS logo, skip link, the trust's accessibility statement and privacy notice),
 * its own title per state, NHS-style times, nothing its CSP refuses, axe-core's WCAG 2.2
 * AA rules clean at a phone's and a desktop's width, and the same with JavaScript off.
 */
let now = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT
let api: ApiTestHarness;
let browser: Browser;
let ed: string;

const NURSE = 'nurse.rnq@nhs.net';

async function startedVisit(startAt: string): Promise<{ id: string; path: string }> {
  const booked = await api.as<{ bookVisit: { id: string } }>(NURSE, 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
    input: { wardId: ed, patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900123', startAt, lengthMinutes: 30 },
  });
  const id = booked.data!.bookVisit.id;
  const started = await api.as<{ startVisit: { visitorLink: string } }>(NURSE, 'mutation($id: ID!) { startVisit(id: $id) { visitorLink } }', { id });
  return { id, path: new URL(started.data!.startVisit.visitorLink).pathname };
}

/** What every state must hold, at both widths with JavaScript on, and with it off. */
function expectSoundPages(checks: PageCheck[], title: string, status = 200) {
  expect(checks.map((c) => [c.width, c.javaScript])).toEqual([[375, true], [1280, true], [375, false]]);
  for (const check of checks) {
    expect({ width: check.width, javaScript: check.javaScript, status: check.status, title: check.title, heading: check.heading, violations: check.violations, problems: check.problems }).toEqual({
      width: check.width,
      javaScript: check.javaScript,
      status,
      title: `${title} – Video visit – NHS`,
      heading: title,
      violations: [],
      problems: [],
    });
  }
}

async function html(path: string): Promise<string> {
  return (await fetch(`${api.url}${path}`)).text();
}

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => now });
  await api.loadDemoData();
  const wards = await api.as<{ wards: { id: string; code: string }[] }>(NURSE, '{ wards { id code } }');
  ed = wards.data!.wards.find((w) => w.code === 'ED')!.id;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});
beforeEach(() => {
  now = new Date('2026-11-23T09:00:00Z');
});

describe("the family's page", () => {
  it('ready: the NHS header with the trust, a skip link, the ward, date and time the NHS way, a join button, and the footer links', async () => {
    now = new Date('2026-11-23T17:10:00Z');
    const { path } = await startedVisit('2026-11-23T17:30:00Z');
    expectSoundPages(await checkPage(browser, `${api.url}${path}`), 'Join your video visit');
    const page = await html(path);
    expect(page).toMatch(/<svg class="nhsuk-header__logo"/);
    expect(page).toContain('Kettering General Hospital');
    expect(page).toMatch(/<a [^>]*class="nhsuk-skip-link"/);
    expect(page).toContain('href="#maincontent"');
    expect(page).toContain('href="https://www.kgh.nhs.uk/accessibility-statement"');
    expect(page).toContain('href="https://www.kgh.nhs.uk/privacy-notice"');
    expect(page).toContain('Monday 23 November 2026');
    expect(page).toContain('5:30pm to 6pm');
    expect(page).toContain('href="tel:01536492000"');
    expect(page).not.toMatch(/Margaret|David|07700|17:30/);
  });

  it('ready, with JavaScript off: the join button posts and hands the visitor to the video room, which the CSP allows', async () => {
    const { path } = await startedVisit('2026-11-23T09:15:00Z');
    let handedTo = '';
    const [check] = await checkPage(browser, `${api.url}${path}`, {
      modes: [{ javaScript: false, width: 375 }],
      afterwards: async (page) => {
        // the video room is on the internet, which this machine cannot reach: seeing the browser go there is enough
        const handover = page.waitForRequest((request) => request.url().startsWith('https://meet.kgh.nhs.uk/'));
        await page.getByRole('button', { name: 'Join the video visit' }).click();
        handedTo = (await handover).url();
      },
    });
    expect(handedTo).toMatch(/^https:\/\/meet\.kgh\.nhs\.uk\/[^?]+\?jwt=/);
    expect(check.problems.filter((problem) => !problem.startsWith('https://meet.kgh.nhs.uk/'))).toEqual([]);
  });

  it('joined (in progress): says so, and offers to join again', async () => {
    const { path } = await startedVisit('2026-11-23T09:20:00Z');
    await fetch(`${api.url}${path}/join`, { method: 'POST', redirect: 'manual' });
    expectSoundPages(await checkPage(browser, `${api.url}${path}`), 'Your video visit has started');
    expect(await html(path)).toContain('Join the video visit again');
  });

  it('before the start: when it is booked for, and that a message will come', async () => {
    const { path } = await startedVisit('2026-11-23T09:25:00Z');
    now = new Date('2026-11-23T08:50:00Z'); // before the link's window opened
    expectSoundPages(await checkPage(browser, `${api.url}${path}`), 'Your video visit has not started yet');
    expect(await html(path)).toContain('Monday 23 November 2026 at 9:25am');
  });

  it('ended: the visit is over, with the trust\'s number', async () => {
    const { id, path } = await startedVisit('2026-11-23T09:05:00Z');
    now = new Date('2026-11-23T09:30:00Z');
    await api.as(NURSE, 'mutation($id: ID!) { completeVisit(id: $id) { status } }', { id });
    expectSoundPages(await checkPage(browser, `${api.url}${path}`), 'This video visit has ended');
    expect(await html(path)).toContain('01536 492000');
  });

  it('cancelled: the link no longer opens the room, and the page says the ward cancelled it', async () => {
    const { id, path } = await startedVisit('2026-11-23T09:10:00Z');
    await api.as(NURSE, 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Patient asleep") { status } }', { id });
    expectSoundPages(await checkPage(browser, `${api.url}${path}`), 'This video visit has been cancelled');
    expect(await html(path)).toContain('The ward has cancelled the video visit on Emergency Department');
    expect(await html(path)).not.toContain('Patient asleep');
    const join = await fetch(`${api.url}${path}/join`, { method: 'POST', redirect: 'manual' });
    expect(join.status).toBe(200);
    expect(await join.text()).toContain('This video visit has been cancelled');
  });

  it("an invalid link: kind words in the trust's branding", async () => {
    const path = `/visit/RNQ/${'B'.repeat(43)}`;
    expectSoundPages(await checkPage(browser, `${api.url}${path}`), 'This link does not work');
    expect(await html(path)).toContain('01536 492000');
  });

  it('an address that is no link at all (cut short, or not decodable): the same kind page, with its status', async () => {
    expectSoundPages(await checkPage(browser, `${api.url}/visit/RNQ`), 'This link does not work', 404);
    expectSoundPages(await checkPage(browser, `${api.url}/visit/RNQ/Margaret%E0%A4%A`), 'This link does not work', 400);
  });

  it("please wait, after too many links were tried: still the trust's name, number and footer", async () => {
    let status = 200;
    for (let i = 0; i < 25 && status === 200; i++) status = (await fetch(`${api.url}/visit/RNQ/guess${i}`)).status;
    expect(status).toBe(429);
    expectSoundPages(await checkPage(browser, `${api.url}/visit/RNQ/${'C'.repeat(43)}`), 'Please wait a few minutes', 429);
    const page = await html(`/visit/RNQ/${'C'.repeat(43)}`);
    expect(page).toContain('Kettering General Hospital');
    expect(page).toContain('href="tel:01536492000"');
    expect(page).toContain('href="https://www.kgh.nhs.uk/privacy-notice"');
  });
});
