import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger } from '@vv/platform/logger';
import { WorkerHeartbeat } from '@vv/platform/queue';
import { ProcessMetrics, WorkAlert, WorkMonitor } from '@vv/platform/health';
import { APP_CONFIG, type AppConfig } from '@vv/platform/config';
import { withAdmin } from '@vv/platform/testing';
import { createApi } from '../create-api';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * Health as a load balancer and an operator see it: readiness answers within a few seconds
 * whatever is down and checks what requests need (the application role, the queue), and
 * `/health/work` tells when the workers have stopped or messages wait too long.
 */
let now = new Date('2026-11-23T09:00:00Z'); // a Monday
let api: ApiTestHarness;

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => now });
  await api.loadDemoData();
});
afterAll(() => api?.close());

async function probe(url: string): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = Date.now();
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, ms: Date.now() - started };
}

async function startSecondApi(env: Record<string, string>, databaseUrl = api.database.appUrl): Promise<NestExpressApplication> {
  const config = { ...api.config, ...env } as AppConfig;
  const app = await createApi({ config, logger: createLogger({ level: 'silent', service: 'api-test' }), databaseUrl, clock: () => now });
  await app.listen(0, '127.0.0.1');
  return app;
}
const urlOf = (app: NestExpressApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

describe('readiness', () => {
  it('is ready when the database is reached as the application role and the queue answers', async () => {
    const ready = await probe(`${api.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, queue: { status: 'up', kind: 'in-process' } } });
  });

  it('answers 503 within 5 s when Redis cannot be reached', async () => {
    const app = await startSecondApi({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const ready = await probe(`${urlOf(app)}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(5000);
      expect(ready.body).toMatchObject({ status: 'error', error: { queue: { status: 'down' } }, info: { database: { status: 'up' } } });
    } finally {
      await app.close();
    }
  });

  it('answers 503 within 5 s when the database login cannot take the application role, naming no detail', async () => {
    await withAdmin(api.database.ownerUrl, (client) =>
      client.query(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = 'vv_login_without_app_role') then
          create role vv_login_without_app_role login nosuperuser nobypassrls;
        end if;
      exception when duplicate_object or unique_violation then null; end $$;`),
    );
    const url = new URL(api.database.appUrl);
    url.username = 'vv_login_without_app_role';
    const app = await startSecondApi({}, url.toString());
    try {
      const ready = await probe(`${urlOf(app)}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(5000);
      expect(ready.body).toMatchObject({ error: { database: { status: 'down', message: 'the database cannot be reached as the application role' } } });
      expect(JSON.stringify(ready.body)).not.toMatch(/vv_app|permission|role "/);
    } finally {
      await app.close();
    }
  });
});

describe('the background work', () => {
  const setBeat = (secondsAgo: number) =>
    api.db.platform(async (em) => {
      await em.nativeDelete(WorkerHeartbeat, {});
      await em.insert(WorkerHeartbeat, { workerId: 'worker-a.1', queueKind: 'redis', seenAt: new Date(now.getTime() - secondsAgo * 1000) });
    });

  it('reports no worker when none has ever beaten', async () => {
    await api.db.platform((em) => em.nativeDelete(WorkerHeartbeat, {}));
    const work = await probe(`${api.url}/health/work`);
    expect(work.status).toBe(503);
    expect(work.body).toMatchObject({ error: { workers: { status: 'down', message: expect.stringContaining('last beat never') } } });
  });

  it('reports a stale heartbeat, and is well again when a worker beats', async () => {
    await setBeat(10 * 60);
    const stale = await probe(`${api.url}/health/work`);
    expect(stale.status).toBe(503);
    expect(stale.body).toMatchObject({ error: { workers: { status: 'down', message: 'no worker has beaten in the last 90 s (last beat 600 s ago)' } } });
    await setBeat(10);
    const fresh = await probe(`${api.url}/health/work`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ info: { workers: { status: 'up', alive: 1, lastBeatSecondsAgo: 10 }, messages: { status: 'up' } } });
  });

  it("reports a trust whose messages wait longer than the limit, and logs an ALERT once, not every check", async () => {
    await setBeat(5);
    const wards = await api.as<{ wards: { id: string; code: string }[] }>('nurse.rnq@nhs.net', '{ wards { id code } }');
    const booked = await api.as('nurse.rnq@nhs.net', 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
      input: { wardId: wards.data!.wards.find((w) => w.code === 'ED')!.id, patientName: 'Health Canary', contactName: 'Health Canary', contactMobile: '07700 900123', startAt: '2026-11-23T14:00:00Z' },
    });
    expect(booked.errors).toBeUndefined();
    // nothing sends in this test (no worker): the booking confirmation waits
    now = new Date(now.getTime() + 5 * 60_000);
    await setBeat(5);
    expect((await probe(`${api.url}/health/work`)).status).toBe(200);
    now = new Date(now.getTime() + 6 * 60_000);
    await setBeat(5);
    const late = await probe(`${api.url}/health/work`);
    expect(late.status).toBe(503);
    expect(late.body).toMatchObject({ error: { messages: { status: 'down', message: 'messages of RNQ have waited longer than 600 s' } } });

    const lines: string[] = [];
    const logger = createLogger({ level: 'info', service: 'api-test', destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }) });
    const alert = new WorkAlert(api.appGet(WorkMonitor), api.appGet<AppConfig>(APP_CONFIG), logger);
    await alert.check();
    await alert.check();
    const alerts = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.alert === 'messages_waiting');
    expect(alerts).toEqual([expect.objectContaining({ level: 'error', trust: 'RNQ', waiting: 1, oldestWaitingSeconds: 660, message: "ALERT: a trust's messages are waiting longer than they should" })]);
    expect(lines.join('')).not.toContain('Canary');
  });
});

describe('metrics', () => {
  it('serves Prometheus metrics on the private port: operations by outcome, pool, queue, messages by trust, heartbeats; no personal data, no tokens', async () => {
    const app = await startSecondApi({ METRICS_PORT: 0 } as unknown as Record<string, string>);
    try {
      const metricsUrl = `http://127.0.0.1:${app.get(ProcessMetrics).port}/metrics`;
      const token = await api.tokenFor('nurse.rnq@nhs.net');
      const gql = (query: string) =>
        fetch(`${urlOf(app)}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, operationName: 'ChosenByTheClient' }) });
      await gql('query ChosenByTheClient { wards { id } }');
      await gql('query ChosenByTheClient { visit(id: "00000000-0000-4000-8000-000000000000") { id } }');
      await gql('query ChosenByTheClient { noSuchField }');
      const secretToken = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';
      await fetch(`${urlOf(app)}/visit/RNQ/${secretToken}`);

      const response = await fetch(metricsUrl);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toMatch(/^vv_graphql_requests_total\{operation="wards",type="query",outcome="ok",service="api"\} 1$/m);
      expect(text).toMatch(/^vv_graphql_requests_total\{operation="visit",type="query",outcome="NOT_FOUND",service="api"\} 1$/m);
      expect(text).toMatch(/^vv_graphql_requests_total\{operation="\(invalid\)",type="unknown",outcome="GRAPHQL_VALIDATION_FAILED",service="api"\} 1$/m);
      expect(text).toMatch(/^vv_http_requests_total\{route="\/visit\/:ods\/:token",method="GET",status="200",service="api"\} 1$/m);
      expect(text).toMatch(/^vv_db_pool_connections\{state="idle",service="api"\} \d+$/m);
      expect(text).toMatch(/^vv_queue_jobs\{state="waiting",service="api"\} \d+$/m);
      expect(text).toMatch(/^vv_messages_waiting\{trust="RNQ",service="api"\} 1$/m);
      expect(text).toMatch(/^vv_messages_oldest_waiting_seconds\{trust="RNQ",service="api"\} \d+/m);
      expect(text).toMatch(/^vv_messages_last_day\{trust="RNQ",status="pending",service="api"\} 1$/m);
      expect(text).toMatch(/^vv_workers_alive\{service="api"\} 1$/m);
      expect(text).toMatch(/^vv_worker_last_heartbeat_age_seconds\{service="api"\} 5$/m);
      expect(text).not.toContain('ChosenByTheClient');
      expect(text).not.toContain(secretToken);
      expect(text).not.toContain('Canary');
      expect(text).not.toContain('noSuchField');
      // the public port has no /metrics
      expect((await fetch(`${urlOf(app)}/metrics`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe('browsers on other origins (CORS_ORIGINS)', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization,x-trust' } });

  it('allows none by default', async () => {
    const answer = await preflight(api.url, 'https://ward-app.example.nhs.uk');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the listed origins', async () => {
    const app = await startSecondApi({ CORS_ORIGINS: ['https://ward-app.example.nhs.uk'] } as unknown as Record<string, string>);
    try {
      const allowed = await preflight(urlOf(app), 'https://ward-app.example.nhs.uk');
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ward-app.example.nhs.uk');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      const other = await preflight(urlOf(app), 'https://elsewhere.example.com');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await app.close();
    }
  });
});
