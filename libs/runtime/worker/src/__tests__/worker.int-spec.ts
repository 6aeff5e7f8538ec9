import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@vv/platform/database';
import { WorkerHeartbeat } from '@vv/platform/queue';
import { createTestDatabase, type TestDatabase } from '@vv/platform/testing';
import { domainEntities } from '@vv/domain/entities';

/**
 * The worker as it runs in production: its own process, BullMQ on the real Redis, the
 * real database. Its scheduled heartbeat proves schedule → queue → handler → database,
 * and SIGTERM must end it cleanly.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let database: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await MikroORM.init(createOrmConfig({ clientUrl: database.ownerUrl, entities: domainEntities, poolSize: 1 }));
});
afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

function startWorker(metricsPort: number): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: database.appUrl,
      REDIS_URL,
      REDIS_QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
      WORKER_HEARTBEAT_SECONDS: '1',
      ENTRA_API_AUDIENCE: 'api://virtual-visits-test',
      PUBLIC_BASE_URL: 'https://visit.example.nhs.uk',
      SECRETS_ENCRYPTION_KEY: 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=',
      LOG_LEVEL: 'info',
      METRICS_PORT: String(metricsPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out; worker said:\n${(globalThis as { workerOutput?: () => string }).workerOutput?.() ?? ''}`);
}

it('takes scheduled jobs from Redis, writes its heartbeat, and stops cleanly on SIGTERM', async () => {
  const metricsPort = await freePort();
  const { child, output } = startWorker(metricsPort);
  (globalThis as { workerOutput?: () => string }).workerOutput = output;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await until(async () => (output().includes('Worker is taking jobs') ? true : undefined), 120_000); // a busy machine starts slowly
    const first = await until(async () => (await orm.em.fork().find(WorkerHeartbeat, {}))[0], 60_000);
    expect(first.queueKind).toBe('redis');
    // the schedule keeps firing: a later heartbeat moves the time on
    await until(async () => {
      const later = await orm.em.fork().findOne(WorkerHeartbeat, { workerId: first.workerId });
      return later && later.seenAt > first.seenAt ? later : undefined;
    }, 60_000);
    // its private port: liveness for the container, and Prometheus metrics
    const live = await fetch(`http://127.0.0.1:${metricsPort}/health/live`);
    expect(live.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^vv_workers_alive\{service="worker"\} 1$/m);
    expect(metrics).toMatch(/^vv_queue_jobs\{state="waiting",service="worker"\} \d+$/m);
    expect(metrics).toMatch(/^vv_db_pool_connections\{state="idle",service="worker"\} \d+$/m);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(output()).not.toMatch(/"level":"(error|fatal)"/);
}, 300_000);
