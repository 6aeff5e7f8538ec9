import { startConsoleHarness, type ConsoleHarness } from './support/console-harness';
import { accessibilityViolations } from '@vv/platform/testing';

/**
 * Requests the console cannot read, from a signed-in browser: each gets a kind page with the
 * right status, never "there is a problem with the service", and none quotes what was sent.
 */
let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsoleHarness({ clock: () => new Date('2026-11-23T09:00:00Z') });
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
