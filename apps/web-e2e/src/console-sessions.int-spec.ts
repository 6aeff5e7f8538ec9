import pg from 'pg';
import { createClient } from 'redis';
import type { BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@vv/platform/testing';
import { startConsoleHarness, type ConsoleHarness, type SessionStoreKind } from './support/console-harness';

// Wednesday 10 June 2026, 9am in London.
const START = new Date('2026-06-10T08:00:00Z');
/** The built-in provider's access tokens last an hour; the console refreshes them with two minutes left. */
const TOKEN_LIFETIME_MS = 3600_000;

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

/** The session id inside the signed cookie (`s:<id>.<signature>`). */
function sessionIdOf(cookieValue: string): string {
  return /^s:([^.]+)\./.exec(decodeURIComponent(cookieValue))![1];
}

/** What the store holds for a session, read the way an operator would (never through the console). */
async function storedSession(kind: SessionStoreKind, harness: ConsoleHarness, sessionId: string): Promise<{ tokens?: { accessToken: string; expiresAt: number } } | undefined> {
  if (kind === 'postgresql') {
    const client = new pg.Client({ connectionString: harness.api.database.ownerUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ sess: { tokens?: { accessToken: string; expiresAt: number } } }>('select sess from web_session where sid = $1', [sessionId]);
      return rows[0]?.sess;
    } finally {
      await client.end();
    }
  }
  const redis = createClient({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' });
  await redis.connect();
  try {
    const keys = await redis.keys(`vv:test:web:*:${sessionId}`);
    const value = keys.length ? await redis.get(keys[0]) : null;
    return value ? JSON.parse(value) : undefined;
  } finally {
    await redis.quit();
  }
}

describe('the console’s session table', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('is out of reach of the API’s database login, so the API can never read anyone’s tokens', async () => {
    const client = new pg.Client({ connectionString: database.appUrl });
    await client.connect();
    try {
      await expect(client.query('select sid from web_session')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});

describe.each(['postgresql', 'redis'] as const)('sessions kept in %s', (kind) => {
  let now = START;
  let harness: ConsoleHarness;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // a long idle limit: these tests move the clock towards the token's expiry
    harness = await startConsoleHarness({ clock: () => now, idleMinutes: 720, sessions: kind });
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await harness?.close();
  });

  async function signedIn(): Promise<{ page: Page; sessionId: string }> {
    now = START;
    const context = await harness.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await harness.signIn(page, 'Nia Roberts (RNQ ED nurse)');
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'vv-session');
    return { page, sessionId: sessionIdOf(cookie.value) };
  }

  it('keeps a signed-in person signed in across a console restart, until they sign out', async () => {
    const { page, sessionId } = await signedIn();
    expect(await heading(page)).toContain('Emergency Department');
    const stored = await storedSession(kind, harness, sessionId);
    expect(stored?.tokens?.accessToken).toEqual(expect.any(String));

    await harness.restartConsole();
    await page.goto(`${harness.url}/`);
    expect(await heading(page)).toContain('Emergency Department');

    await page.goto(`${harness.url}/sign-out`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${harness.url}/signed-out`);
    expect(await storedSession(kind, harness, sessionId)).toBeUndefined();
    await page.goto(`${harness.url}/`);
    expect(await heading(page)).toBe('Virtual Visits for ward staff');
  });

  it('refreshes the access token before it runs out, and the pages keep working', async () => {
    const { page, sessionId } = await signedIn();
    const grantsBefore = harness.api.identityProvider.grants.length;
    const first = (await storedSession(kind, harness, sessionId))!.tokens!;
    expect(first.expiresAt).toBe(START.getTime() + TOKEN_LIFETIME_MS);

    // three minutes left: nothing to do yet
    now = new Date(first.expiresAt - 3 * 60_000);
    await page.reload();
    expect(await heading(page)).toContain('Emergency Department');
    expect(harness.api.identityProvider.grants.length).toBe(grantsBefore);
    expect((await storedSession(kind, harness, sessionId))!.tokens!.accessToken).toBe(first.accessToken);

    // one minute left: the next page refreshes first, with the refresh token, and uses the new one
    now = new Date(first.expiresAt - 60_000);
    await page.reload();
    expect(await heading(page)).toContain('Emergency Department');
    expect(harness.api.identityProvider.grants.slice(grantsBefore).map((g) => g.grantType)).toEqual(['refresh_token']);
    const second = (await storedSession(kind, harness, sessionId))!.tokens!;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBe(now.getTime() + TOKEN_LIFETIME_MS);
  });
});
