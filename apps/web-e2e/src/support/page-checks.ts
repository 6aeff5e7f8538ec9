import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's source, added to every page of a context as an init script (not subject to the page's CSP). */
export const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 AA, as axe-core tags its rules. */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's WCAG 2.2 AA rules on the page as it is, at a phone's width and a desktop's.
 * (Run through the DevTools protocol, so the page's own CSP stays as strict as it is.)
 */
export async function accessibilityViolations(page: Page): Promise<{ width: number; id: string; help: string; targets: string[] }[]> {
  const found: { width: number; id: string; help: string; targets: string[] }[] = [];
  const original = page.viewportSize();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const violations = await page.evaluate(
      async (tags) => {
        // runs in the page: its globals are the browser's
        const browser = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } };
        const result = await browser.axe.run(browser.document, { runOnly: { type: 'tag', values: tags } });
        return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
      },
      WCAG_22_AA,
    );
    for (const v of violations) found.push({ width, id: v.id, help: v.help, targets: v.nodes.flatMap((n) => n.target) });
  }
  if (original) await page.setViewportSize(original);
  return found;
}

/** A screenshot for the README's tour, so the pictures stay true. */
export async function tourScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync('docs/console', { recursive: true });
  await page.screenshot({ path: `docs/console/${name}.png`, fullPage: true });
}
