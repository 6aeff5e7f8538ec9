import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Notification } from '@vv/domain/notifications';
import { Trust, Ward } from '@vv/domain/trusts';
import { startApiTestHarness, type ApiTestHarness } from '@vv/runtime/api-testing';
import { prepareTemplateDatabase } from './reliability-database';
import { startPrivateRedis, type PrivateRedis } from './private-redis';
import { startWorkerFleet, type WorkerFleet } from './worker-fleet';
import { planVisits, type PlannedVisit, type WardUnderTest } from './visit-plan';
import { checkMessages, FINAL_STATUSES, type Check, type MessageRow } from './message-checks';

/**
 * `npm run test:reliability`: messages to families survive crashes. Books visits through the
 * GraphQL API while real worker processes are SIGKILLed and replaced every few seconds, the
 * Redis holding the queue is killed and restarted empty once, and the local GOV.UK Notify
 * refuses or loses a share of requests; then waits for every message to settle. Then Redis is
 * lost once more while the same workers keep running, and a few more visits are booked: their
 * messages must still go. Finally checks against Notify's own record that every message was
 * accepted exactly once. Everything runs on 127.0.0.1: PostgreSQL at TEST_DATABASE_URL and a
 * redis-server of its own on a free port. Exits 1 on any failed check.
 */
const VISITS = positive('RELIABILITY_VISITS', 2000);
const CONCURRENCY = positive('RELIABILITY_CONCURRENCY', 8);
const WORKERS = positive('RELIABILITY_WORKERS', 2);
const WAIT_SECONDS = positive('RELIABILITY_WAIT_SECONDS', 600);
const FAULT_RATE = Number(process.env.RELIABILITY_FAULT_RATE ?? 0.05);
if (!(FAULT_RATE > 0 && FAULT_RATE <= 0.3)) throw new Error('RELIABILITY_FAULT_RATE must be above 0 and at most 0.3');
/** Phase 3: Redis lost while the workers keep running; skip with RELIABILITY_QUIET_REDIS_LOSS=skip. */
const QUIET_REDIS_LOSS = process.env.RELIABILITY_QUIET_REDIS_LOSS !== 'skip';
const QUIET_VISITS = 30;
/** A working relay queues new messages within a second; the sweeper's re-queue after 90 s is not needed for them. */
const QUIET_WAIT_SECONDS = 120;
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BOOK = 'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id } }';

const runStarted = performance.now();
const logDir = mkdtempSync(join(tmpdir(), 'vv-reliability-'));
let dropTemplate: (() => Promise<void>) | undefined;
let redis: PrivateRedis | undefined;
let harness: ApiTestHarness | undefined;
let fleet: WorkerFleet | undefined;
let passed = false;

let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    // each step on its own: one failing must not leave the others' processes or databases behind
    for (const step of [() => fleet?.stop(5_000), () => harness?.close(), () => redis?.stop(), () => dropTemplate?.()]) {
      await Promise.resolve()
        .then(step)
        .catch((error: unknown) => console.error(`cleanup: ${error instanceof Error ? error.message : String(error)}`));
    }
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  dropTemplate = await prepareTemplateDatabase(serverUrl);
  redis = await startPrivateRedis();
  const api = (harness = await startApiTestHarness({ REDIS_URL: redis.url, LOG_LEVEL: 'silent' }, [], { redisQueue: true }));
  await api.loadDemoData();
  const wards = await wardsUnderTest(api);
  const trustIds = wards.map((w) => w.trustId);
  const planFrom = new Date();
  const plan = planVisits(VISITS, wards, planFrom);

  const workers = (fleet = startWorkerFleet({ size: WORKERS, script: resolve('dist/apps/worker/src/main.js'), env: workerEnvironment(api, redis), logFile: join(logDir, 'workers.log') }));
  const notify = api.notify.server;
  notify.inject({ status: 429, error: 'RateLimitError', probability: FAULT_RATE });
  notify.inject({ status: 500, probability: FAULT_RATE });
  // Notify has it, but the answer never reaches us: the retry must find it by reference, not send again
  notify.inject({ status: 503, probability: FAULT_RATE / 2, afterAccepting: true });
  console.log(
    `Reliability: ${VISITS} visits over ${wards.map((w) => `${w.odsCode} ED`).join(', ')}, ${CONCURRENCY} at a time; ${WORKERS} worker processes killed and replaced every 3-5 s; ` +
      `Notify faults ${pct(FAULT_RATE)} 429, ${pct(FAULT_RATE)} 500, ${pct(FAULT_RATE / 2)} 503 after accepting (logs: ${logDir})`,
  );

  const readRows = () => api.db.acrossTrusts(trustIds, async (em) => (await em.find(Notification, {})).map(messageRow));
  const visits = new Map<string, PlannedVisit>();
  const bookingErrors: string[] = [];
  const book = async (visit: PlannedVisit): Promise<string | undefined> => {
    const { ward } = visit;
    const input = { wardId: ward.wardId, patientName: `Patient ${visit.index}`, contactName: `Contact ${visit.index}`, contactMobile: visit.contactMobile, contactEmail: visit.contactEmail, startAt: visit.startAt, lengthMinutes: visit.lengthMinutes };
    const result = await api.as<{ bookVisit: { id: string } }>(ward.nurse, BOOK, { input }, ward.xTrust).catch((error: unknown) => ({ errors: [{ message: String(error), extensions: { code: 'REQUEST_FAILED' } }], data: undefined }));
    const id = result.data?.bookVisit?.id;
    if (id) visits.set(id, visit);
    else bookingErrors.push(result.errors?.map((e) => e.extensions?.code ?? e.message).join() ?? 'no id');
    return id;
  };
  /** Polls (bounded) until every message due, of the given visits or all, is in a final state; a progress line every 10 s. */
  const settle = async (boundSeconds: number, of?: ReadonlySet<string>) => {
    const started = performance.now();
    let lastProgress = started;
    for (;;) {
      const now = new Date();
      const due = (await readRows()).filter((row) => row.sendAfter <= now && (!of || of.has(row.visitId)));
      const open = due.filter((row) => !FINAL_STATUSES.has(row.status));
      if (open.length === 0 || performance.now() - started > boundSeconds * 1000) return { seconds: (performance.now() - started) / 1000, open: open.length, due: due.length };
      if (performance.now() - lastProgress >= 10_000) {
        lastProgress = performance.now();
        progress(`${due.length - open.length}/${due.length} final (not yet: ${summarise(open.map((row) => row.status))}); Notify accepted ${notify.accepted.length}`);
      }
      await sleep(1000);
    }
  };

  // 1. book, while workers are killed every 3-5 s and Redis is killed once halfway
  let redisRestarts = 0;
  let booking = true;
  const bookingStarted = performance.now();
  const chaos = (async () => {
    let nextKill = performance.now() + 3000 + Math.random() * 2000;
    let lastProgress = performance.now();
    while (booking || redisRestarts === 0 || workers.killed === 0) {
      await sleep(100);
      if (redisRestarts === 0 && (visits.size + bookingErrors.length >= VISITS / 2 || !booking)) {
        await redis!.restart();
        redisRestarts += 1;
        progress(`Redis killed and restarted empty after ${visits.size} bookings`);
      }
      if (performance.now() >= nextKill) {
        workers.killOneAndReplace();
        nextKill = performance.now() + 3000 + Math.random() * 2000;
      }
      if (performance.now() - lastProgress >= 10_000) {
        lastProgress = performance.now();
        progress(`booked ${visits.size}/${VISITS}; Notify accepted ${notify.accepted.length}; workers killed ${workers.killed}`);
      }
    }
  })();
  await runConcurrently(plan.length, CONCURRENCY, (i) => book(plan[i]).then(() => undefined));
  const bookingSeconds = (performance.now() - bookingStarted) / 1000;
  booking = false;
  await chaos;
  notify.clearFaults();
  progress(`booked ${visits.size} visits in ${bookingSeconds.toFixed(1)} s; faults cleared, ${workers.killed} workers killed; waiting for every message due to settle (at most ${WAIT_SECONDS} s)`);

  // 2. wait, bounded, until every message due is in a final state
  const settled = await settle(WAIT_SECONDS);

  // 3. Redis lost again, now under workers that keep running: messages written afterwards must still go
  let quiet: { seconds: number; open: number; due: number } | undefined;
  if (QUIET_REDIS_LOSS) {
    await redis.restart();
    redisRestarts += 1;
    const later = planVisits(VISITS + QUIET_VISITS, wards, planFrom).slice(VISITS);
    const ids = await Promise.all(later.map(book));
    progress(`Redis killed and restarted empty under running workers; booked ${QUIET_VISITS} more visits, waiting for their messages (at most ${QUIET_WAIT_SECONDS} s)`);
    quiet = await settle(QUIET_WAIT_SECONDS, new Set(ids.filter((id): id is string => !!id)));
  }

  // let anything still in flight land, then stop the workers so nothing is sent after the count
  await sleep(3000);
  await workers.stop();

  const { figures, checks } = checkMessages(await readRows(), visits, notify.accepted, new Date());
  const runChecks: Check[] = [
    { name: 'every visit was booked through the API', passed: bookingErrors.length === 0 && visits.size === VISITS + (quiet ? QUIET_VISITS : 0), detail: `${visits.size} booked, ${bookingErrors.length} refused${bookingErrors.length ? ` (${summarise(bookingErrors)})` : ''}` },
    {
      name: 'the chaos happened: workers killed, Redis restarted, each Notify fault injected',
      passed: workers.killed > 0 && redisRestarts === (QUIET_REDIS_LOSS ? 2 : 1) && [429, 500, 503].every((status) => (notify.responses[status] ?? 0) > 0),
      detail: `${workers.killed} kills, ${redisRestarts} Redis restarts, faults ${[429, 500, 503].map((s) => `${s}: ${notify.responses[s] ?? 0}`).join(', ')}`,
    },
    ...(quiet
      ? [{ name: 'messages written after Redis was lost under running workers were sent', passed: quiet.open === 0, detail: `${quiet.due - quiet.open} of ${quiet.due} final after ${quiet.seconds.toFixed(0)} s` }]
      : []),
    { name: 'no worker died other than those the run killed', passed: workers.crashes.length === 0, detail: workers.crashes.length ? summarise([...workers.crashes]) : 'none' },
    ...checks,
  ];

  const line = (label: string, value: string) => console.log(`  ${`${label}:`.padEnd(24)}${value}`);
  console.log('');
  line('visits booked', `${VISITS} under chaos in ${bookingSeconds.toFixed(1)} s (${(VISITS / bookingSeconds).toFixed(0)} visits/s)${quiet ? `, ${QUIET_VISITS} after the quiet Redis loss` : ''}; ${bookingErrors.length} refused`);
  line('messages expected', `${figures.expected} (written ${figures.written}: due ${figures.due}, reminders not yet due ${figures.notDue})`);
  line('accepted by Notify', `${figures.accepted}`);
  line('duplicates', `${figures.duplicates}`);
  line('lost', `${figures.lost}`);
  line('final states', Object.entries(figures.byStatus).map(([status, n]) => `${status} ${n}`).join(', '));
  line('retries', `${figures.retried} messages took more than one attempt (most: ${figures.maxAttempts}); ${figures.requeued} re-queued by the sweeper; ${notify.responses[200] ?? 0} lookups by reference`);
  line('workers killed', `${workers.killed} (${workers.started} started; died on their own: ${workers.crashes.length})`);
  line('redis restarts', `${redisRestarts}`);
  line('faults injected', `429 RateLimitError ${notify.responses[429] ?? 0}, 500 ${notify.responses[500] ?? 0}, 503 after accepting ${notify.responses[503] ?? 0}`);
  line('elapsed', `${((performance.now() - runStarted) / 1000).toFixed(1)} s (booking ${bookingSeconds.toFixed(1)} s, settling ${settled.seconds.toFixed(1)} s${quiet ? `, after the quiet Redis loss ${quiet.seconds.toFixed(1)} s` : ''})`);
  console.log('');
  for (const check of runChecks) console.log(`  ${check.passed ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  const failed = runChecks.filter((check) => !check.passed).length;
  console.log(`${runChecks.length - failed} passed, ${failed} failed`);
  passed = failed === 0;
} catch (error) {
  console.error(error);
  console.log('0 passed, 1 failed');
} finally {
  await cleanUp();
  if (passed) rmSync(logDir, { recursive: true, force: true });
  else console.error(`worker logs kept in ${logDir}`);
}
process.exit(passed ? 0 : 1);

/** RNQ ED (nurse.rnq), RNS ED (the bank nurse, naming RNS), R1K Northwick Park ED (nurse.r1k): all open round the clock. */
async function wardsUnderTest(api: ApiTestHarness): Promise<WardUnderTest[]> {
  const wards = [
    { odsCode: 'RNQ', site: 'RNQ01', nurse: 'nurse.rnq@nhs.net', channels: ['sms', 'email'], reminders: false },
    { odsCode: 'RNS', site: 'RNS01', nurse: 'bank.nurse@nhs.net', xTrust: 'RNS', channels: ['sms', 'email'], reminders: false },
    // R1K sends no email, and its ED sends reminders (3 hours before: never due during the run)
    { odsCode: 'R1K', site: 'R1K01', nurse: 'nurse.r1k@nhs.net', channels: ['sms'], reminders: true },
  ] as const;
  return Promise.all(
    wards.map(async ({ site, ...ward }) => {
      const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: ward.odsCode }));
      const ed = await api.db.inTrust({ trustId: trust.id, odsCode: ward.odsCode }, (em) => em.findOneOrFail(Ward, { code: 'ED', hospital: { siteCode: site } }));
      return { ...ward, channels: [...ward.channels], trustId: trust.id, wardId: ed.id };
    }),
  );
}

/** The deployment's worker configuration: this process's environment (the trusts' Notify keys the harness set) and the run's servers. */
function workerEnvironment(api: ApiTestHarness, queue: PrivateRedis): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: api.database.appUrl,
    REDIS_URL: queue.url,
    NOTIFY_API_URL: api.notify.server.baseUrl,
    WHEREBY_API_URL: api.whereby.apiUrl,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
  };
  // the same queue namespace and secret box as the harness's API
  delete env.REDIS_QUEUE_PREFIX;
  delete env.SECRETS_ENCRYPTION_KEY;
  return env;
}

function messageRow(row: Notification): MessageRow {
  return { id: row.id, visitId: row.visit.id, kind: row.kind, channel: row.channel, status: row.status, sendAfter: row.sendAfter, attempts: row.attempts, enqueueCount: row.enqueueCount };
}

async function runConcurrently(total: number, lanes: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

function progress(message: string): void {
  console.log(`  [${((performance.now() - runStarted) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

function summarise(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].map(([value, n]) => `${value} ${n}`).join(', ') || 'none';
}

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
