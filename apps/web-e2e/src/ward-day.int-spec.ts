import type { BrowserContext, Page } from 'playwright-core';
import { startConsoleHarness, type ConsoleHarness } from './support/console-harness';
import { accessibilityViolations, tourScreenshot } from './support/page-checks';

// The test's clock, for the API and the console alike: Wednesday 10 June 2026, 9am in London.
let now = new Date('2026-06-10T08:00:00Z');

let harness: ConsoleHarness;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  // a long idle limit: this test moves the clock through the day (the idle sign-out has its own test)
  harness = await startConsoleHarness({ clock: () => now, idleMinutes: 720 });
  context = await harness.newContext();
  page = await context.newPage();
}, 120_000);
afterAll(() => harness?.close());

/** Every page the day passes through is checked with axe at a phone's width and a desktop's. */
async function expectAccessible(): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

const banner = () => page.locator('.nhsuk-notification-banner').innerText();
const heading = () => page.getByRole('heading', { level: 1 }).innerText();

async function fillWhen(day: string, month: string, year: string, time: string) {
  await page.getByLabel('Day', { exact: true }).fill(day);
  await page.getByLabel('Month', { exact: true }).fill(month);
  await page.getByLabel('Year', { exact: true }).fill(year);
  await page.getByLabel('Time', { exact: true }).fill(time);
}

describe('a ward manager’s whole day in the console', () => {
  it('signs in through the identity provider’s page and sees the wards', async () => {
    await page.goto('/');
    await expectAccessible();
    await tourScreenshot(page, '1-start');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose who to sign in as' }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: 'Mary Evans (RNQ ward manager)' }).click();
    await page.waitForURL(`${harness.url}/`);
    expect(await heading()).toContain('Your wards');
    await page.getByLabel('Ward').selectOption({ label: 'Critical Care Unit, Kettering General Hospital' });
    await page.getByRole('button', { name: 'Show ward' }).click();
    expect(await heading()).toContain('Critical Care Unit');
    await expectAccessible();
  });

  it('books a visit, after a refused booking shows what to fix', async () => {
    await page.getByRole('button', { name: 'Book a visit' }).click();
    expect(await heading()).toBe('Book a visit');
    await page.getByLabel('Patient’s name').fill('Margaret Jones');
    await page.getByLabel('Key contact’s name').fill('David Jones');
    await page.getByLabel('Mobile number').fill('07700 900123');
    // 9pm is after the unit's visiting hours (until 8pm): the API says so, naming the field
    await fillWhen('10', '6', '2026', '9pm');
    await page.getByRole('button', { name: 'Book visit' }).click();
    expect(await page.title()).toMatch(/^Error: Book a visit/);
    const summary = page.locator('.nhsuk-error-summary');
    expect(await summary.innerText()).toContain('Date and time');
    expect(await summary.getByRole('link').first().getAttribute('href')).toBe('#startAt-day');
    await expectAccessible();
    await tourScreenshot(page, '3-booking-error');

    await page.getByLabel('Time', { exact: true }).fill('3pm');
    await page.getByRole('button', { name: 'Book visit' }).click();
    expect(await banner()).toContain('Visit booked. A text has been sent to David Jones.');
    expect(await heading()).toContain('Visit for Margaret Jones');
    expect(await page.locator('.nhsuk-summary-list').innerText()).toContain('3pm to 3:30pm');
    await expectAccessible();
  });

  it('moves the visit to a new time', async () => {
    await page.getByRole('button', { name: 'Change time' }).click();
    await page.getByLabel('Time', { exact: true }).fill('4:15pm');
    await page.getByRole('button', { name: 'Change time' }).click();
    expect(await banner()).toContain('Visit moved. David Jones has been told the new time.');
    expect(await page.locator('.nhsuk-summary-list').innerText()).toContain('4:15pm to 4:45pm');
  });

  it('shows the visit on the ward’s day with its state and key contact', async () => {
    await page.getByRole('link', { name: 'Back to the ward’s day' }).click();
    const row = page.locator('#visits tbody tr', { hasText: 'Margaret Jones' });
    expect(await row.innerText()).toMatch(/4:15pm to 4:45pm[\s\S]*David Jones[\s\S]*Booked/);
    await tourScreenshot(page, '2-ward-day');
    await row.getByRole('link', { name: 'Margaret Jones' }).click();
  });

  it('starts the visit and offers to join on this device', async () => {
    now = new Date('2026-06-10T15:10:00Z'); // 4:10pm: the patient is ready
    await page.getByRole('button', { name: 'Start visit' }).click();
    expect(await banner()).toContain('Visit started. David Jones has been sent the link.');
    const join = page.getByRole('link', { name: /Join on this device/ });
    expect(await join.getAttribute('href')).toMatch(/^https:\/\//);
    await expectAccessible();
    await tourScreenshot(page, '4-visit-started');
  });

  it('rejoins as host after the ward tablet is refreshed', async () => {
    const firstAddress = await page.getByRole('link', { name: /Join on this device/ }).getAttribute('href');
    await page.reload(); // the banner with the address was shown once
    expect(await page.getByRole('link', { name: /Join on this device/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Rejoin on this device' }).click();
    expect(await banner()).toContain('You can join the visit on this device again.');
    expect(await page.getByRole('link', { name: /Join on this device/ }).getAttribute('href')).toMatch(/^https:\/\//);
    expect(firstAddress).toMatch(/^https:\/\//);
  });

  it('ends the visit and books the next one with the details filled in', async () => {
    await page.getByRole('button', { name: 'End visit' }).click();
    expect(await banner()).toContain('Visit completed.');
    await page.getByRole('button', { name: 'Book the next visit' }).click();
    expect(await page.locator('.nhsuk-summary-list').innerText()).toContain('Margaret Jones');
    await fillWhen('11', '6', '2026', '3pm');
    await page.getByRole('button', { name: 'Book the next visit' }).click();
    expect(await banner()).toContain('Next visit booked. David Jones has been told.');
    expect(await page.locator('.nhsuk-summary-list').innerText()).toContain('Thursday 11 June 2026');
  });

  it('cancels the next visit with a reason', async () => {
    await page.getByRole('button', { name: 'Cancel visit' }).click();
    await page.getByRole('button', { name: 'Cancel visit' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Reason');
    await page.getByLabel('Reason').fill('Patient moved to another hospital');
    await page.getByRole('button', { name: 'Cancel visit' }).click();
    expect(await banner()).toContain('Visit cancelled. David Jones has been told.');
    expect(await page.locator('.nhsuk-tag').first().innerText()).toBe('Cancelled');
  });

  it('signs out, and the session is over', async () => {
    await page.getByRole('link', { name: 'Sign out' }).click();
    await expectAccessible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${harness.url}/signed-out`);
    expect(await heading()).toBe('You have signed out');
    await page.goto('/');
    expect(await heading()).toBe('Virtual Visits for ward staff');
  });
});
