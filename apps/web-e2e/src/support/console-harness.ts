import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApiTestHarness, type ApiTestHarness, type HarnessOptions } from '@vv/runtime/api-testing';
import type { DemoStaffMember } from '@vv/demo';
import { loadConsoleConfig, startStaffConsole, type RunningConsole } from '@vv/web/console';
import { axeInitScript, launchChromium } from '@vv/platform/testing';

/** Where the console keeps sessions: its own memory, Redis (TEST_REDIS_URL) or the test database. */
export type SessionStoreKind = 'memory' | 'redis' | 'postgresql';

export interface ConsoleHarness {
  api: ApiTestHarness;
  /** e.g. http://127.0.0.1:41234 (changes when the console restarts) */
  url: string;
  /** Stops the console and starts a new one with the same settings and session store (another port). */
  restartConsole(): Promise<void>;
  browser: Browser;
  /** A fresh browser profile (its own cookies): one person at a time. */
  newContext(options?: { javaScriptEnabled?: boolean; width?: number }): Promise<BrowserContext>;
  /** Signs in through the built-in provider's page, as a person would. */
  signIn(page: Page, displayName: string): Promise<void>;
  /** A page in a fresh browser profile, signed in as the person with this display name. */
  signedInPage(displayName: string, options?: { javaScriptEnabled?: boolean; width?: number }): Promise<Page>;
  close(): Promise<void>;
}

// A browser test goes through many pages, each checked with axe: on a busy shared machine that
// takes longer than the default minute. These are limits for a stuck test, not durations asserted.
jest.setTimeout(240_000);
const ACTION_TIMEOUT_MS = 30_000;

/**
 * A real API (its own database, demo trusts and staff) with the worker, the staff console
 * in front of it signing in through the built-in identity provider, and one headless
 * Chromium: one of each per test file.
 */
export async function startConsoleHarness(
  options: HarnessOptions & { idleMinutes?: number; extraAccounts?: readonly DemoStaffMember[]; sessions?: SessionStoreKind },
): Promise<ConsoleHarness> {
  const api = await startApiTestHarness({}, options.extraAccounts ?? [], { worker: true, ...options });
  let running: RunningConsole | undefined;
  let browser: Browser | undefined;
  try {
    await api.loadDemoData();
    const clientId = `console-${randomBytes(4).toString('hex')}`;
    const clientSecret = randomBytes(24).toString('base64url');
    const sessions = options.sessions ?? 'memory';
    const config = loadConsoleConfig({
      NODE_ENV: 'test',
      WEB_PORT: '0',
      API_URL: api.url,
      ENTRA_SIGN_IN_AUTHORITY: api.identityProvider.signInAuthority,
      WEB_CLIENT_ID: clientId,
      WEB_CLIENT_SECRET: clientSecret,
      ENTRA_API_SCOPE: `${api.config.ENTRA_API_AUDIENCE ?? 'api://virtual-visits-local'}/access_as_user`,
      WEB_IDLE_MINUTES: String(options.idleMinutes ?? 15),
      // one secret for the harness, so a restarted console accepts the cookies of the first
      SESSION_SECRET: randomBytes(32).toString('base64'),
      ...(sessions === 'redis' ? { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_SESSION_PREFIX: `vv:test:web:${randomBytes(6).toString('hex')}:` } : {}),
      ...(sessions === 'postgresql' ? { WEB_SESSION_DATABASE_URL: api.database.webSessionUrl } : {}),
    });
    const startConsole = async () => {
      const started = await startStaffConsole({ config, clock: options.clock });
      api.identityProvider.registerClient({ clientId, clientSecret, redirectUris: [`${started.url}/auth/callback`], postLogoutRedirectUris: [`${started.url}/signed-out`] });
      return started;
    };
    running = await startConsole();
    browser = await launchChromium();
    const b = browser;
    let c = running;
    const harness: ConsoleHarness = {
      api,
      get url() {
        return c.url;
      },
      async restartConsole() {
        await c.close();
        c = await startConsole();
      },
      browser: b,
      async newContext({ javaScriptEnabled = true, width = 1280 } = {}) {
        const context = await b.newContext({ baseURL: c.url, javaScriptEnabled, viewport: { width, height: width < 600 ? 812 : 900 } });
        await context.addInitScript(axeInitScript());
        context.setDefaultTimeout(ACTION_TIMEOUT_MS);
        return context;
      },
      async signIn(page, displayName) {
        await page.goto('/');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('button', { name: displayName }).click();
        await page.waitForURL((target) => target.href.startsWith(c.url) && !target.pathname.startsWith('/auth/'));
      },
      async signedInPage(displayName, pageOptions = {}) {
        const page = await (await harness.newContext(pageOptions)).newPage();
        await harness.signIn(page, displayName);
        return page;
      },
      async close() {
        await b.close();
        await c.close();
        await api.close();
      },
    };
    return harness;
  } catch (error) {
    await browser?.close();
    await running?.close();
    await api.close();
    throw error;
  }
}
