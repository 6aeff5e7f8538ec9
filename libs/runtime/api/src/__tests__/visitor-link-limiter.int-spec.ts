import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger } from '@vv/platform/logger';
import { loadAppConfig } from '@vv/platform/config';
import { createApi } from '../create-api';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * The visitor-link limiter as deployed: several API replicas behind a load balancer share
 * the count through Redis; the client's address comes from X-Forwarded-For only through the
 * proxies TRUST_PROXY names; and a link that works always opens, whoever else has been
 * guessing from the same address.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let now = new Date('2026-11-23T09:00:00Z'); // a Monday
let api: ApiTestHarness;
let second: NestExpressApplication;
let secondUrl: string;

async function replica(env: Record<string, string>): Promise<{ app: NestExpressApplication; url: string }> {
  const { ENTRA_AUTHORITY_BASE, WHEREBY_API_URL, NOTIFY_API_URL, REDIS_QUEUE_PREFIX } = api.config;
  const config = loadAppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: api.database.appUrl, REDIS_URL, ENTRA_AUTHORITY_BASE, WHEREBY_API_URL, NOTIFY_API_URL, REDIS_QUEUE_PREFIX, ...env });
  const app = await createApi({ config, logger: createLogger({ level: 'silent', service: 'api-test' }), databaseUrl: api.database.appUrl, clock: () => now });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
}

const guess = () => `/visit/RNQ/${randomBytes(32).toString('base64url')}`;
const forged = () => `${[1, 2, 3, 4].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

async function startedVisitLink(): Promise<string> {
  const wards = await api.as<{ wards: { id: string; code: string }[] }>('nurse.rnq@nhs.net', '{ wards { id code } }');
  const booked = await api.as<{ bookVisit: { id: string } }>('nurse.rnq@nhs.net', 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
    input: { wardId: wards.data!.wards.find((w) => w.code === 'ED')!.id, patientName: 'Limiter Patient', contactName: 'Limiter Contact', contactMobile: '07700 900123', startAt: '2026-11-23T09:30:00Z' },
  });
  expect(booked.errors).toBeUndefined();
  now = new Date('2026-11-23T09:28:00Z');
  const started = await api.as<{ startVisit: { visitorLink: string } }>('nurse.rnq@nhs.net', 'mutation($id: ID!) { startVisit(id: $id) { visitorLink } }', { id: booked.data!.bookVisit.id });
  expect(started.errors).toBeUndefined();
  return new URL(started.data!.startVisit.visitorLink).pathname;
}

describe('with no trusted proxy (the default)', () => {
  beforeAll(async () => {
    api = await startApiTestHarness({ REDIS_URL, REDIS_QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}` }, [], { clock: () => now });
    await api.loadDemoData();
    ({ app: second, url: secondUrl } = await replica({}));
  });
  afterAll(async () => {
    await second?.close();
    await api?.close();
  });

  it('counts guesses across two API replicas sharing Redis, ignores a forged X-Forwarded-For, and still opens a valid link from the limited address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const base = i % 2 ? secondUrl : api.url;
      statuses.push((await fetch(`${base}${guess()}`, { headers: { 'x-forwarded-for': forged() } })).status);
    }
    // 20 failures allowed in the window, whichever replica answered and whatever the header said
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const refused = await fetch(`${api.url}${guess()}`);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/wait/i);

    // a family on the same address (a hospital's wifi) opens its link, on either replica, and joins
    const link = await startedVisitLink();
    for (const base of [api.url, secondUrl]) {
      const page = await fetch(`${base}${link}`);
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain('This link does not work');
    }
    const join = await fetch(`${secondUrl}${link}/join`, { method: 'POST', redirect: 'manual' });
    expect(join.status).toBe(303);
  });
});

describe('behind one trusted proxy (TRUST_PROXY=loopback)', () => {
  beforeAll(async () => {
    now = new Date('2026-11-23T09:00:00Z');
    api = await startApiTestHarness({ REDIS_URL, REDIS_QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`, TRUST_PROXY: 'loopback' }, [], { clock: () => now });
    ({ app: second, url: secondUrl } = await replica({ TRUST_PROXY: 'loopback' }));
  });
  afterAll(async () => {
    await second?.close();
    await api?.close();
  });

  it('counts the address the proxy saw, which a client cannot reset by forging the header', async () => {
    // the proxy appends the address it saw; whatever the client sent is further left
    const from = (client: string) => ({ 'x-forwarded-for': `${forged()}, ${forged()}, ${client}` });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await fetch(`${i % 2 ? secondUrl : api.url}${guess()}`, { headers: from('203.0.113.7') })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    // another client behind the same proxy is not held back
    expect((await fetch(`${api.url}${guess()}`, { headers: from('203.0.113.8') })).status).toBe(200);
    // one IPv6 household counts as one, whatever its low bits
    const v6: number[] = [];
    for (let i = 0; i < 21; i++) v6.push((await fetch(`${secondUrl}${guess()}`, { headers: from(`2001:db8:1:2::${(i + 1).toString(16)}`) })).status);
    expect(v6.at(-1)).toBe(429);
  });
});
