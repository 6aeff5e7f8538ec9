import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';

/** Debian's `chromium` package; browser downloads by test tools do not work here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** WCAG 2.2 AA, as axe-core tags its rules. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;
/** A phone's width and a desktop's. */
export const PHONE_AND_DESKTOP = [375, 1280] as const;

/** axe-core's source, added to pages as an init script: outside the page's CSP, so that stays as strict as it is. */
let axeSource: string | undefined;
const axe = () => (axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));

/** For a browser context whose pages are checked with accessibilityViolations: `context.addInitScript(axeInitScript())`. */
export function axeInitScript(): { content: string } {
  return { content: axe() };
}

/** playwright-core is a development dependency: loaded only when a test opens a browser. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface AccessibilityViolation {
  id: string;
  help: string;
  targets: string[];
}

/** What a person would get from one page at one width. */
export interface PageCheck {
  width: number;
  javaScript: boolean;
  status: number;
  title: string;
  /** The first heading, as read. */
  heading: string;
  /** axe-core's WCAG 2.2 AA violations (only with JavaScript on: axe is a script). */
  violations: AccessibilityViolation[];
  /** Whatever the browser refused or failed to load: CSP refusals, failed or missing subresources, script errors. */
  problems: string[];
}

/** How a page is opened: JavaScript on (axe runs) or off, at a width. */
export interface ViewingMode {
  javaScript: boolean;
  width: number;
}

/** axe at a phone's and a desktop's width, and the phone again with JavaScript off. */
export const DEFAULT_VIEWING_MODES: readonly ViewingMode[] = [
  { javaScript: true, width: PHONE_AND_DESKTOP[0] },
  { javaScript: true, width: PHONE_AND_DESKTOP[1] },
  { javaScript: false, width: PHONE_AND_DESKTOP[0] },
];

export interface CheckOptions {
  modes?: readonly ViewingMode[];
  /** Something to do on the page after it is judged (e.g. press its button), whose problems are reported too. */
  afterwards?: (page: Page) => Promise<void>;
}

/**
 * Opens a page in real headless Chromium in each viewing mode (widths, JavaScript on or off), and
 * reports its title and heading, axe-core's WCAG 2.2 AA violations, and everything the
 * browser refused or could not load (a font the CSP blocks, a missing stylesheet).
 */
export async function checkPage(browser: Browser, url: string, options: CheckOptions = {}): Promise<PageCheck[]> {
  const checks: PageCheck[] = [];
  for (const { javaScript, width } of options.modes ?? DEFAULT_VIEWING_MODES) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: javaScript });
    try {
      if (javaScript) await context.addInitScript({ content: axe() });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        // a page answered with an error status is reported by the status; a subresource's, below with its address
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
      page.on('response', (response) => {
        if (response.request().resourceType() !== 'document' && response.status() >= 400) problems.push(`${response.url()}: ${response.status()}`);
      });
      const response = await page.goto(url, { waitUntil: 'load' });
      const check: PageCheck = {
        width,
        javaScript,
        status: response?.status() ?? 0,
        title: await page.title(),
        heading: ((await page.locator('h1').first().textContent()) ?? '').trim(),
        violations: javaScript ? await axeViolations(page) : [],
        problems,
      };
      await options.afterwards?.(page);
      checks.push(check);
    } finally {
      await context.close();
    }
  }
  return checks;
}

/**
 * axe-core's WCAG 2.2 AA rules on a page as it is now (after whatever the test did on it), at
 * a phone's width and a desktop's; the page's context must have had axeInitScript added.
 */
export async function accessibilityViolations(page: Page, widths: readonly number[] = PHONE_AND_DESKTOP): Promise<(AccessibilityViolation & { width: number })[]> {
  const found: (AccessibilityViolation & { width: number })[] = [];
  const original = page.viewportSize();
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    for (const violation of await axeViolations(page)) found.push({ width, ...violation });
  }
  if (original) await page.setViewportSize(original);
  return found;
}

/** A screenshot for the README (docs/console/<name>.png), taken by the tests so the pictures stay true. */
export async function tourScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync('docs/console', { recursive: true });
  await page.screenshot({ path: `docs/console/${name}.png`, fullPage: true });
}

async function axeViolations(page: Page): Promise<AccessibilityViolation[]> {
  return page.evaluate(async (tags) => {
    type Result = { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
    const page = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: unknown): Promise<Result> } };
    const result = await page.axe.run(page.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.flatMap((n) => n.target) }));
  }, [...WCAG_22_AA]);
}
