import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, tourScreenshot } from '@vv/platform/testing';
import { startConsoleHarness, type ConsoleHarness } from './support/console-harness';

/**
 * A ward manager's day in the console, step by step. Each step stands alone: its own browser,
 * its own sign-in, its own visit (booked through the API where booking is not the step), in
 * its own slot of the Critical Care Unit's visiting hours (3pm to 8pm; two at once at most).
 */

// The test's clock, for the API and the console alike: Wednesday 10 June 2026, 9am in London.
const MORNING = new Date('2026-06-10T08:00:00Z');
let now = MORNING;

const MANAGER = 'ward.manager.rnq@nhs.net';
const MARY = 'Mary Evans (RNQ ward manager)';

let harness: ConsoleHarness;
let ccu: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // a long idle limit: these tests move the clock through the day (the idle sign-out has its own test)
  harness = await startConsoleHarness({ clock: () => now, idleMinutes: 720 });
  const wards = await harness.api.as<{ wards: { id: string; code: string }[] }>(MANAGER, '{ wards { id code } }');
  ccu = wards.data!.wards.find((w) => w.code === 'CCU')!.id;
}, 120_000);
afterAll(async () => {
  for (const context of contexts) await context.close();
  await harness?.close();
});
beforeEach(() => {
  now = MORNING;
});

/** Every page a step passes through is checked with axe at a phone's width and a desktop's. */
async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

async function newPage(): Promise<Page> {
  const context = await harness.newContext();
  contexts.push(context);
  return context.newPage();
}

/** Mary, signed in, on a visit's page or the unit's day. */
async function signedIn(path?: string): Promise<Page> {
  const page = await newPage();
  await harness.signIn(page, MARY);
  await page.goto(path ?? `/?ward=${ccu}`);
  return page;
}

/** A visit on the unit, booked through the API (not the step under test). */
async function bookedVisit(patientName: string, startAt: string): Promise<string> {
  const booked = await harness.api.as<{ bookVisit: { id: string } }>(
    MANAGER,
    'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }',
    { input: { wardId: ccu, patientName, contactName: 'David Jones', contactMobile: '07700900123', startAt, lengthMinutes: 30 } },
  );
  if (!booked.data) throw new Error(JSON.stringify(booked.errors));
  return booked.data.bookVisit.id;
}

async function apiCall(query: string, id: string): Promise<void> {
  const result = await harness.api.as(MANAGER, query, { id });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
}

const banner = (page: Page) => page.locator('.nhsuk-notification-banner').innerText();
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const summary = (page: Page) => page.locator('.nhsuk-summary-list').innerText();

async function fillWhen(page: Page, day: string, month: string, year: string, time: string) {
  await page.getByLabel('Day', { exact: true }).fill(day);
  await page.getByLabel('Month', { exact: true }).fill(month);
  await page.getByLabel('Year', { exact: true }).fill(year);
  await page.getByLabel('Time', { exact: true }).fill(time);
}

describe('a ward manager’s day in the console', () => {
  it('signs in through the identity provider’s page and picks a ward', async () => {
    const page = await newPage();
    await page.goto('/');
    await expectAccessible(page);
    await tourScreenshot(page, '1-start');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose who to sign in as' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: MARY }).click();
    await page.waitForURL(`${harness.url}/`);
    expect(await heading(page)).toContain('Your wards');
    await page.getByLabel('Ward').selectOption({ label: 'Critical Care Unit, Kettering General Hospital' });
    await page.getByRole('button', { name: 'Show ward' }).click();
    expect(await heading(page)).toContain('Critical Care Unit');
    await expectAccessible(page);
  });

  it('books a visit, after a refused booking shows what to fix', async () => {
    const page = await signedIn();
    await page.getByRole('button', { name: 'Book a visit' }).click();
    expect(await heading(page)).toBe('Book a visit');
    await page.getByLabel('Patient’s name').fill('Margaret Jones');
    await page.getByLabel('Key contact’s name').fill('David Jones');
    await page.getByLabel('Mobile number').fill('07700 900123');
    // 9pm is after the unit's visiting hours (until 8pm): the API says so, naming the field
    await fillWhen(page, '10', '6', '2026', '9pm');
    await page.getByRole('button', { name: 'Book visit' }).click();
    expect(await page.title()).toMatch(/^Error: Book a visit/);
    const errors = page.locator('.nhsuk-error-summary');
    expect(await errors.innerText()).toContain('Date and time');
    expect(await errors.getByRole('link').first().getAttribute('href')).toBe('#startAt-day');
    await expectAccessible(page);
    await tourScreenshot(page, '3-booking-error');

    await page.getByLabel('Time', { exact: true }).fill('3pm');
    await page.getByRole('button', { name: 'Book visit' }).click();
    expect(await banner(page)).toContain('Visit booked. A text has been sent to David Jones.');
    expect(await heading(page)).toContain('Visit for Margaret Jones');
    // the window's title, kept in the tablet's history, names the ward, never the patient
    expect(await page.title()).toMatch(/^A visit on [^–]+ – /);
    expect(await page.title()).not.toContain('Margaret');
    expect(await summary(page)).toContain('3pm to 3:30pm');
    await expectAccessible(page);
  });

  it('moves a visit to a new time', async () => {
    const visit = await bookedVisit('Moving Patient', '2026-06-10T16:00:00Z'); // 5pm
    const page = await signedIn(`/visits/${visit}`);
    await page.getByRole('button', { name: 'Change time' }).click();
    // the form shows the time as the ward says it
    expect(await page.getByLabel('Time', { exact: true }).inputValue()).toBe('5pm');
    await page.getByLabel('Time', { exact: true }).fill('4:15pm');
    await page.getByRole('button', { name: 'Change time' }).click();
    expect(await banner(page)).toContain('Visit moved. David Jones has been told the new time.');
    expect(await summary(page)).toContain('4:15pm to 4:45pm');
  });

  it('shows the day’s visits in time order with their state and key contact', async () => {
    await bookedVisit('Evening Patient', '2026-06-10T17:30:00Z'); // 6:30pm
    const page = await signedIn();
    const row = page.locator('#visits tbody tr', { hasText: 'Evening Patient' });
    expect(await row.innerText()).toMatch(/6:30pm to 7pm[\s\S]*David Jones[\s\S]*Booked/);
    const times = (await page.locator('#visits tbody tr td:first-child').allInnerTexts()).map((text) => text.replace(/^\s*Time\s*/, '').trim());
    const minutes = times.map((text) => {
      if (text.startsWith('midday')) return 12 * 60;
      if (text.startsWith('midnight')) return 0;
      const [, h, m, half] = /(\d{1,2})(?::(\d{2}))?(am|pm)/.exec(text)!;
      return ((Number(h) % 12) + (half === 'pm' ? 12 : 0)) * 60 + Number(m ?? 0);
    });
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    await expectAccessible(page);
    await tourScreenshot(page, '2-ward-day');
    await row.getByRole('link', { name: 'Evening Patient' }).click();
    expect(await heading(page)).toContain('Visit for Evening Patient');
  });

  it('starts a visit and offers to join on this device', async () => {
    const visit = await bookedVisit('Starting Patient', '2026-06-10T18:00:00Z'); // 7pm
    now = new Date('2026-06-10T17:50:00Z'); // 6:50pm: the patient is ready
    const page = await signedIn(`/visits/${visit}`);
    await page.getByRole('button', { name: 'Start visit' }).click();
    expect(await banner(page)).toContain('Visit started. David Jones has been sent the link.');
    const join = page.getByRole('link', { name: /Join on this device/ });
    expect(await join.getAttribute('href')).toMatch(/^https:\/\//);
    await expectAccessible(page);
    await tourScreenshot(page, '4-visit-started');
  });

  it('rejoins as host after the ward tablet is refreshed, and the history says so', async () => {
    const visit = await bookedVisit('Rejoining Patient', '2026-06-10T18:30:00Z'); // 7:30pm
    now = new Date('2026-06-10T18:20:00Z');
    await apiCall('mutation($id: ID!) { startVisit(id: $id) { wardDeviceJoinUrl } }', visit);
    // the tablet was refreshed: the address shown once after starting is gone
    const page = await signedIn(`/visits/${visit}`);
    expect(await page.getByRole('link', { name: /Join on this device/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Rejoin on this device' }).click();
    expect(await banner(page)).toContain('You can join the visit on this device again.');
    expect(await page.getByRole('link', { name: /Join on this device/ }).getAttribute('href')).toMatch(/^https:\/\//);
    expect(await page.locator('.nhsuk-list').innerText()).toContain('Ward device rejoined');
  });

  it('ends a visit and books the next one with the details filled in', async () => {
    const visit = await bookedVisit('Rebooking Patient', '2026-06-10T11:00:00Z'); // midday
    now = new Date('2026-06-10T10:50:00Z');
    await apiCall('mutation($id: ID!) { startVisit(id: $id) { wardDeviceJoinUrl } }', visit);
    const page = await signedIn(`/visits/${visit}`);
    await page.getByRole('button', { name: 'End visit' }).click();
    expect(await banner(page)).toContain('Visit completed.');
    await page.getByRole('button', { name: 'Book the next visit' }).click();
    expect(await summary(page)).toContain('Rebooking Patient');
    await fillWhen(page, '11', '6', '2026', '3pm');
    await page.getByRole('button', { name: 'Book the next visit' }).click();
    expect(await banner(page)).toContain('Next visit booked. David Jones has been told.');
    expect(await summary(page)).toContain('Thursday 11 June 2026');
  });

  it('cancels a visit with a reason, after being asked for one', async () => {
    const visit = await bookedVisit('Cancelling Patient', '2026-06-11T15:00:00Z'); // tomorrow 4pm
    const page = await signedIn(`/visits/${visit}`);
    await page.getByRole('button', { name: 'Cancel visit' }).click();
    await page.getByRole('button', { name: 'Cancel visit' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Reason');
    await page.getByLabel('Reason').fill('Patient moved to another hospital');
    await page.getByRole('button', { name: 'Cancel visit' }).click();
    expect(await banner(page)).toContain('Visit cancelled. David Jones has been told.');
    expect(await page.locator('.nhsuk-tag').first().innerText()).toBe('Cancelled');
  });

  it('signs out, and the session is over', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Sign out' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${harness.url}/signed-out`);
    expect(await heading(page)).toBe('You have signed out');
    await page.goto('/');
    expect(await heading(page)).toBe('Virtual Visits for ward staff');
  });
});
