import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, tourScreenshot } from '@vv/platform/testing';
import { startConsoleHarness, type ConsoleHarness } from './support/console-harness';

// The test's clock, for the API and the console alike: Monday 1 June 2026, 9am in London.
let now = new Date('2026-06-01T08:00:00Z');
const minutes = (n: number) => n * 60_000;

const NURSE = 'nurse.r1k@nhs.net';
const ANALYST = 'Ben Cooper (R1K analyst)';
/** Names that must never reach an analyst's page or download. */
const CANARY = 'Canary';

let harness: ConsoleHarness;
const contexts: BrowserContext[] = [];

async function as<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await harness.api.as<T>(NURSE, query, variables);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/**
 * A visit on R1K's Northwick Park Emergency Department (open round the clock), booked the day
 * before and then completed after the given minutes, or cancelled: the clock moves to its start.
 */
async function visit(start: string, outcome: { completedAfter: number } | 'cancelled' | 'booked', name: string): Promise<void> {
  const wards = await as<{ wards: { id: string; code: string; hospital: { name: string } }[] }>('{ wards { id code hospital { name } } }', {});
  const ward = wards.wards.find((w) => w.code === 'ED' && w.hospital.name === 'Northwick Park Hospital')!;
  now = new Date(new Date(start).getTime() - minutes(60 * 24));
  const { bookVisit } = await as<{ bookVisit: { id: string } }>('mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
    input: { wardId: ward.id, patientName: `${CANARY} ${name} Patient`, contactName: `${CANARY} ${name} Contact`, contactMobile: '07700900123', startAt: start, lengthMinutes: 30 },
  });
  if (outcome === 'booked') return;
  if (outcome === 'cancelled') {
    await as('mutation($id: ID!) { cancelVisit(id: $id, reason: "Patient moved ward") { id } }', { id: bookVisit.id });
    return;
  }
  now = new Date(start);
  await as('mutation($id: ID!) { startVisit(id: $id) { visit { id } } }', { id: bookVisit.id });
  now = new Date(now.getTime() + minutes(outcome.completedAfter));
  await as('mutation($id: ID!) { completeVisit(id: $id) { id } }', { id: bookVisit.id });
}

beforeAll(async () => {
  // the clock moves through the fortnight while the visits happen, and stands still once people sign in
  harness = await startConsoleHarness({ clock: () => now });
  await visit('2026-06-02T10:00:00Z', { completedAfter: 20 }, 'Ada');
  await visit('2026-06-02T13:00:00Z', { completedAfter: 30 }, 'Bea');
  await visit('2026-06-03T10:00:00Z', 'cancelled', 'Cal');
  await visit('2026-06-09T10:00:00Z', { completedAfter: 10 }, 'Dee');
  await visit('2026-06-10T10:00:00Z', { completedAfter: 40 }, 'Eve');
  await visit('2026-06-11T10:00:00Z', 'cancelled', 'Fay');
  await visit('2026-06-20T10:00:00Z', 'booked', 'Gus');
  now = new Date('2026-06-12T09:00:00Z');
}, 180_000);
afterAll(() => harness?.close());

async function signedInPage(displayName: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await harness.newContext({ ...options });
  contexts.push(context);
  const page = await context.newPage();
  await harness.signIn(page, displayName);
  return page;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

async function askFor(page: Page, from: [string, string, string], to: [string, string, string], groupBy: string, bucket: string): Promise<void> {
  const [fromSet, toSet] = [page.getByRole('group', { name: 'From' }), page.getByRole('group', { name: /^To/ })];
  for (const [set, [day, month, year]] of [[fromSet, from], [toSet, to]] as const) {
    await set.getByLabel('Day').fill(day);
    await set.getByLabel('Month').fill(month);
    await set.getByLabel('Year').fill(year);
  }
  await page.getByLabel('Show figures for each').selectOption({ label: groupBy });
  await page.getByLabel('Period').selectOption({ label: bucket });
  await page.getByRole('button', { name: 'Show report' }).click();
}

describe('reports in the console', () => {
  it('opens on the reports page for an analyst, with charts drawn on the server and their numbers beside them', async () => {
    const page = await signedInPage(ANALYST);
    expect(new URL(page.url()).pathname).toBe('/reports');
    expect(await heading(page)).toBe('Reports');
    await askFor(page, ['1', '6', '2026'], ['14', '6', '2026'], 'Ward', 'Week (from Monday)');

    // three charts, each one image named by what it shows, drawn as SVG in the page
    const charts = page.locator('figure svg[role="img"]');
    expect(await charts.count()).toBe(3);
    expect(await charts.first().getAttribute('aria-label')).toBe('Bar chart of visits by outcome, w/c 1 Jun to w/c 8 Jun: 6 booked, 4 completed, 2 cancelled, 0 missed.');
    expect(await page.locator('figure svg rect, figure svg path').count()).toBeGreaterThan(5);
    // the numbers of each chart as a table beside it
    expect(await page.locator('#table-outcomes tbody tr').allInnerTexts()).toEqual(['w/c 1 Jun\t3\t2\t1\t0\t0', 'w/c 8 Jun\t3\t2\t1\t0\t0']);
    expect(await page.locator('#table-completion-rate tbody tr').allInnerTexts()).toEqual(['w/c 1 Jun\t66.7%', 'w/c 8 Jun\t66.7%']);
    // completed visits lasted 20 and 30 minutes, then 10 and 40
    expect(await page.locator('#table-durations tbody tr').allInnerTexts()).toEqual(['w/c 1 Jun\t25 min\t29 min', 'w/c 8 Jun\t25 min\t37 min']);
    const rows = await page.locator('#report-rows tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Emergency Department');
    expect(await page.content()).not.toContain(CANARY);
    expect(await accessibilityViolations(page)).toEqual([]);
    await tourScreenshot(page, 'reports');
  });

  it('counts by day and by hospital, and the CSV link downloads the same report from the browser session', async () => {
    const page = await signedInPage(ANALYST);
    await askFor(page, ['1', '6', '2026'], ['30', '6', '2026'], 'Hospital', 'Day');
    expect(await page.locator('#table-outcomes tbody tr').allInnerTexts()).toEqual([
      '2 Jun\t2\t2\t0\t0\t0',
      '3 Jun\t1\t0\t1\t0\t0',
      '9 Jun\t1\t1\t0\t0\t0',
      '10 Jun\t1\t1\t0\t0\t0',
      '11 Jun\t1\t0\t1\t0\t0',
      '20 Jun\t1\t0\t0\t0\t1',
    ]);
    const link = page.getByRole('link', { name: /Download these figures/ });
    expect(await link.getAttribute('href')).toBe('/reports/visit-stats.csv?from=2026-06-01&to=2026-07-01&groupBy=hospital&bucket=day');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^visit-stats-R1K-hospital-day-20260601-to-20260701\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain('Northwick Park Hospital');
    expect(csv).not.toContain(CANARY);
  });

  it('names the field when the dates are wrong, and shows the API’s own refusal the same way', async () => {
    const page = await signedInPage(ANALYST);
    await askFor(page, ['31', '2', '2026'], ['14', '6', '2026'], 'Ward', 'Day');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('From must be a real date');
    expect(await page.title()).toMatch(/^Error: Reports/);
    expect(await accessibilityViolations(page)).toEqual([]);
    // over two years is the API's rule: its BAD_USER_INPUT, named as the form names it
    await askFor(page, ['1', '1', '2024'], ['14', '6', '2026'], 'Ward', 'Month');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('To must be at most 2 years after from');
    expect(await page.locator('.nhsuk-error-summary a').getAttribute('href')).toBe('#to-day');
    expect(await page.locator('figure svg').count()).toBe(0);
  });

  it('works without JavaScript, and passes axe at a phone’s and a desktop’s width', async () => {
    const withScript = await signedInPage(ANALYST);
    const withoutScript = await signedInPage(ANALYST, { javaScriptEnabled: false });
    const report = '/reports?from%5Bday%5D=1&from%5Bmonth%5D=6&from%5Byear%5D=2026&to%5Bday%5D=12&to%5Bmonth%5D=6&to%5Byear%5D=2026&groupBy=ward&bucket=month';
    for (const path of ['/reports', report]) {
      await withScript.goto(path);
      expect({ path, violations: await accessibilityViolations(withScript) }).toEqual({ path, violations: [] });
      await withoutScript.goto(path);
      expect({ path, heading: await heading(withoutScript) }).toEqual({ path, heading: 'Reports' });
      expect(await withoutScript.locator('figure svg').count()).toBe(3);
    }
    expect(await withoutScript.locator('#table-outcomes tbody tr').allInnerTexts()).toEqual(['June 2026\t6\t4\t2\t0\t0']);
  });

  it('tells ward staff, who may not read reports, kindly, through the page and the CSV link alike', async () => {
    const page = await signedInPage('Grace Wilson (R1K ED nurse)');
    expect(await page.getByRole('navigation', { name: 'Menu' }).count()).toBe(0);
    const response = await page.goto('/reports');
    expect(response!.status()).toBe(403);
    expect(await heading(page)).toBe('You cannot do this');
    const csv = await page.goto('/reports/visit-stats.csv?from=2026-06-01&to=2026-07-01&groupBy=ward&bucket=day');
    expect(csv!.status()).toBe(403);
    expect(await heading(page)).toBe('You cannot do this');
    expect(await page.content()).not.toContain('Emergency Department,');
  });
});
