import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Notification, RECEIPT_OVERDUE_MS } from '@vv/domain/notifications';
import { Trust, Ward } from '@vv/domain/trusts';
import pg from 'pg';
import { PROCESS_CLOCK, startApiTestHarness, workerEnvironment as harnessWorkerEnvironment, type ApiTestHarness, type GraphQLResult } from '@vv/runtime/api-testing';
import { prepareTemplateDatabase } from './reliability-database';
import { startPrivateRedis, type PrivateRedis } from './private-redis';
import { startWorkerFleet, type WorkerFleet } from './worker-fleet';
import { planStarts, planVisits, type PlannedVisit, type WardUnderTest } from './visit-plan';
import { checkMessages, FINAL_STATUSES, type Check, type MessageRow, type VisitChange } from './message-checks';

/**
 * `npm run test:reliability`: messages to families survive crashes and a misbehaving Notify.
 * Books visits through the GraphQL API, and starts, moves and cancels some of them, while:
 * - the worker sending a message is SIGKILLed at the dangerous moments (aimed, not at random):
 *   while it holds a message (before Notify accepted), and just after Notify accepted it but
 *   before the answer reached it; killed workers are replaced;
 * - the local GOV.UK Notify is slow (15 s, past the client's 10 s timeout), rate-limits every
 *   request for a minute, is down (503) for two minutes, and refuses or loses a share of requests;
 * - the Redis holding the queue is killed and restarted empty once;
 * - the API process taking Notify's delivery receipts is SIGKILLed once while receipts are
 *   coming, and replaced: Notify gives up the receipts posted while it is down, and those
 *   messages are settled by the overdue look-up at Notify five minutes after it accepted them.
 * Then waits for every message to settle (however long the overdue look-ups need); then Redis is lost once more under running workers
 * and a few more visits are booked: their messages must still go. Judged against what the local
 * Notify recorded: nothing lost, nothing accepted twice, nothing accepted after the change that
 * made it untrue was answered, every message due ended as Notify's test recipients say. Prints
 * how many faults of each kind it injected. Everything runs on 127.0.0.1: PostgreSQL at
 * TEST_DATABASE_URL and a redis-server of its own on a free port. Exits 1 on any failed check.
 * The bookings and visit changes go to an API inside this process (not killed: a booking cut off
 * mid-request would be the client's to retry, not a message's to recover).
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
/** Notify holds this many send requests 15 s each (the client gives up at 10 s). */
const SLOW_REQUESTS = positive('RELIABILITY_SLOW_REQUESTS', 6);
const RATE_LIMIT_SECONDS = positive('RELIABILITY_RATE_LIMIT_SECONDS', 60);
const OUTAGE_SECONDS = positive('RELIABILITY_OUTAGE_SECONDS', 120);
/** Visits started (near now, so they can be), half of them cancelled at once after. */
const STARTS = positive('RELIABILITY_STARTS', 12);
/** A working relay queues new messages within a second; the sweeper's re-queue after 90 s is not needed for them. */
const QUIET_WAIT_SECONDS = 120;
/** How long after booking began the run keeps the chaos on, if some of it has not happened yet (a sender to kill, a fault met). */
const KILL_BOUND_SECONDS = 300;
/** The faults and kills begin once Notify has accepted this many messages: the workers are up and sending, so there is something to hit. */
const CHAOS_AFTER_ACCEPTED = 10;
/** Every this many acceptances, the sender whose request Notify just took is killed before it hears. */
const KILL_AFTER_ACCEPTING_EVERY = 20;
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BOOK = 'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id } }';
const START = 'mutation($id: ID!) { startVisit(id: $id) { visit { status } } }';
const CANCEL = 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Patient discharged") { status } }';
const RESCHEDULE = 'mutation($id: ID!, $startAt: DateTime!) { rescheduleVisit(id: $id, startAt: $startAt) { status } }';

const runStarted = performance.now();
const logDir = mkdtempSync(join(tmpdir(), 'vv-reliability-'));
let dropTemplate: (() => Promise<void>) | undefined;
let redis: PrivateRedis | undefined;
let harness: ApiTestHarness | undefined;
let fleet: WorkerFleet | undefined;
let apiFleet: WorkerFleet | undefined;
let owner: pg.Pool | undefined;
let passed = false;

let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    // each step on its own: one failing must not leave the others' processes or databases behind
    for (const step of [() => fleet?.stop(5_000), () => apiFleet?.stop(5_000), () => owner?.end(), () => harness?.close(), () => redis?.stop(), () => dropTemplate?.()]) {
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
  const api = (harness = await startApiTestHarness({ REDIS_URL: redis.url, LOG_LEVEL: 'silent' }, [], { redisQueue: true, clock: PROCESS_CLOCK }));
  await api.loadDemoData();
  const wards = await wardsUnderTest(api);
  const trustIds = wards.map((w) => w.trustId);
  const planFrom = new Date();
  const plan = planVisits(VISITS, wards, planFrom);

  const workers = (fleet = startWorkerFleet({ size: WORKERS, script: resolve('dist/apps/worker/src/main.js'), env: workerEnvironment(api, redis), logFile: join(logDir, 'workers.log') }));
  const notify = api.notify.server;
  // Notify's delivery receipts go to an API process of their own, as to a deployment's replicas
  const apiPort = await freePort();
  const receiptsApi = (apiFleet = startWorkerFleet({
    size: 1,
    script: resolve('dist/apps/api/src/main.js'),
    env: { ...workerEnvironment(api, redis), PORT: String(apiPort), HOST: '127.0.0.1', ENTRA_AUTHORITY_BASE: api.config.ENTRA_AUTHORITY_BASE },
    logFile: join(logDir, 'api.log'),
    namePrefix: 'vv-api',
  }));
  const receiptsUrl = `http://127.0.0.1:${apiPort}`;
  await waitUntilReady(receiptsUrl, 120_000);
  api.notify.connectReceipts(receiptsUrl);
  // a pool: the chaos loop and Notify's acceptance hook ask at the same time
  owner = new pg.Pool({ connectionString: api.database.ownerUrl, max: 3 });
  const aimed = { holding: 0, afterAccepting: 0, missed: 0 };
  /**
   * The worker whose session holds a message's lock (it is sending that message), if any; with
   * `since`, only one whose transaction began by then: the sender of a request that arrived at
   * `since`, not a worker that took the message up after that sender gave up waiting.
   */
  const workerHolding = async (messageId?: string, since?: Date): Promise<string | undefined> => {
    const { rows } = await owner!.query<{ name: string }>(
      `select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and a.application_name like 'vv-worker-%'
          and ($1::text is null or ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 7))
          and ($2::timestamptz is null or a.xact_start <= $2) limit 1`,
      [messageId ? `notification:${messageId}` : null, since ?? null],
    );
    return rows[0]?.name;
  };
  const startFaults = () => {
    notify.inject({ status: 429, error: 'RateLimitError', probability: FAULT_RATE });
    notify.inject({ status: 500, probability: FAULT_RATE });
    // Notify has it, but the answer never reaches us: the retry must find it by reference, not send again
    notify.inject({ status: 503, probability: FAULT_RATE / 2, afterAccepting: true });
    notify.slow({ ms: 15_000, times: SLOW_REQUESTS });
  };
  // now and then, the sender dies just after Notify took its message, before it heard
  let acceptances = 0;
  /**
   * Whether a worker other than this one is up (connected to the database): a kill never leaves the
   * fleet without one, since a replacement takes a while to start on a busy machine, and a fleet that
   * is always starting sends nothing while the faults are on.
   */
  const anotherWorkerUp = async (name: string): Promise<boolean> => {
    const { rows } = await owner!.query<{ n: number }>(
      `select count(distinct application_name)::int as n from pg_stat_activity where application_name = any($1::text[]) and application_name <> $2`,
      [workers.runningNames(), name],
    );
    return (rows[0]?.n ?? 0) > 0;
  };
  let aimAfterAccepting = false;
  let chaosOn = false;
  notify.afterAccepting = async (notification, { receivedAt }) => {
    acceptances += 1;
    if (acceptances % KILL_AFTER_ACCEPTING_EVERY === 0 && chaosOn) aimAfterAccepting = true;
    if (!aimAfterAccepting || !notification.reference) return;
    // the sender that made this request, still waiting for the answer (not one that gave up on a slow Notify)
    const name = await workerHolding(notification.reference, receivedAt);
    if (name && (await anotherWorkerUp(name)) && workers.killByName(name)) {
      aimed.afterAccepting += 1;
      aimAfterAccepting = false;
    } else aimed.missed += 1; // aimed at the next acceptance instead
  };
  console.log(
    `Reliability: ${VISITS} visits over ${wards.map((w) => `${w.odsCode} ED`).join(', ')}, ${CONCURRENCY} at a time, a tenth of them moved and a tenth cancelled, ${STARTS} started; ` +
      `${WORKERS} worker processes, the one holding a message killed every 3-5 s and the one whose request Notify just took every ${KILL_AFTER_ACCEPTING_EVERY}th acceptance; ` +
      `the API process taking receipts killed once; ` +
      `Notify faults ${pct(FAULT_RATE)} 429, ${pct(FAULT_RATE)} 500, ${pct(FAULT_RATE / 2)} 503 after accepting, ${SLOW_REQUESTS} requests 15 s slow, ` +
      `429 on everything for ${RATE_LIMIT_SECONDS} s and down (503) for ${OUTAGE_SECONDS} s (logs: ${logDir})`,
  );

  const readRows = () => api.db.acrossTrusts(trustIds, async (em) => (await em.find(Notification, {}, { populate: ['visit'] })).map(messageRow));
  const visits = new Map<string, PlannedVisit>();
  const bookingErrors: string[] = [];
  const changes: VisitChange[] = [];
  const changeErrors: string[] = [];
  /** A change through the API; recorded with the moment its answer arrived. */
  const change = async (visit: PlannedVisit, id: string, kind: VisitChange['kind'], previousStart?: Date) => {
    const { ward } = visit;
    const [query, variables] =
      kind === 'cancel'
        ? [CANCEL, { id }]
        : kind === 'start'
          ? [START, { id }]
          : [RESCHEDULE, { id, startAt: new Date(Date.parse(visit.startAt) + 5 * 60_000).toISOString() }];
    const result = await api.as(ward.nurse, query, variables, ward.xTrust).catch((error: unknown) => ({ errors: [{ message: String(error), extensions: { code: 'REQUEST_FAILED' } }] }));
    if (result.errors?.length) changeErrors.push(`${kind}: ${result.errors.map((e) => e.extensions?.code ?? e.message).join()}`);
    else changes.push({ visitId: id, kind, answeredAt: new Date(), previousStart });
  };
  const book = async (visit: PlannedVisit): Promise<string | undefined> => {
    const { ward } = visit;
    const input = { wardId: ward.wardId, patientName: `Patient ${visit.index}`, contactName: `Contact ${visit.index}`, contactMobile: visit.contactMobile, contactEmail: visit.contactEmail, startAt: visit.startAt, lengthMinutes: visit.lengthMinutes };
    const result = await api.as<{ bookVisit: { id: string } }>(ward.nurse, BOOK, { input }, ward.xTrust).catch((error: unknown): GraphQLResult<{ bookVisit: { id: string } }> => ({ status: 0, errors: [{ message: String(error), extensions: { code: 'REQUEST_FAILED' } }] }));
    const id = result.data?.bookVisit?.id;
    if (id) visits.set(id, visit);
    else bookingErrors.push(result.errors?.map((e) => [e.extensions?.code ?? e.message, ...(e.extensions?.fields ?? []).map((f) => `${f.field} ${f.message}`)].join(': ')).join() ?? 'no id');
    // a tenth moved within their slot and a tenth cancelled, while their confirmations may be with Notify
    if (id && visit.index < VISITS && visit.index % 10 === 3) await change(visit, id, 'cancel');
    if (id && visit.index < VISITS && visit.index % 10 === 6) await change(visit, id, 'reschedule', new Date(visit.startAt));
    return id;
  };
  /**
   * Polls (bounded) until every message due, of the given visits or all, is in a final state; a
   * progress line every 10 s. A message still `sent` is waited for until its receipt is overdue and
   * it has been looked up at Notify (two minutes' grace), however long past the bound that is.
   */
  const settle = async (boundSeconds: number, of?: ReadonlySet<string>) => {
    const started = performance.now();
    let lastProgress = started;
    const bound = Date.now() + boundSeconds * 1000;
    for (;;) {
      const now = new Date();
      const due = (await readRows()).filter((row) => row.sendAfter <= now && (!of || of.has(row.visitId)));
      const open = due.filter((row) => !FINAL_STATUSES.has(row.status));
      const lookedUpBy = Math.max(0, ...open.filter((row) => row.status === 'sent' && row.sentAt).map((row) => row.sentAt!.getTime() + RECEIPT_OVERDUE_MS + 120_000));
      if (open.length === 0 || Date.now() > Math.max(bound, lookedUpBy)) return { seconds: (performance.now() - started) / 1000, open: open.length, due: due.length };
      if (performance.now() - lastProgress >= 10_000) {
        lastProgress = performance.now();
        const sent = open.filter((row) => row.status === 'sent').length;
        progress(
          `${due.length - open.length}/${due.length} final (not yet: ${summarise(open.map((row) => row.status))}); Notify accepted ${notify.accepted.length}` +
            (sent ? `; ${sent} sent with no receipt yet, looked up at Notify once overdue (by ${new Date(lookedUpBy).toISOString().slice(11, 19)})` : ''),
        );
      }
      await sleep(1000);
    }
  };

  // 0. visits that start now (ready to join), half of them cancelled straight after
  const starting = planStarts(STARTS, wards, new Date());
  const startIds: string[] = [];
  for (const visit of starting) {
    const id = await book(visit);
    if (id) startIds.push(id);
  }

  // 1. book, while the sender is killed every 3-5 s, Notify rate-limits for a while and goes down
  //    for a while, Redis is killed once halfway; start (and cancel) the visits that start now
  let redisRestarts = 0;
  let booking = true;
  const bookingStarted = performance.now();
  let faultsOverAt = 0;
  let apiKilled = 0;
  const chaos = (async () => {
    let nextKill = performance.now() + 3000 + Math.random() * 2000;
    let lastProgress = performance.now();
    let rateLimited = false;
    let down = false;
    await Promise.all(
      starting.map(async (visit, i) => {
        const id = startIds[i];
        if (!id) return;
        await change(visit, id, 'start');
        if (i % 2 === 0) await change(visit, id, 'cancel');
      }),
    );
    /** Each kill and fault has happened at least once (a small run books faster than the workers start). */
    const allHappened = () =>
      redisRestarts > 0 && down && aimed.holding > 0 && aimed.afterAccepting > 0 && apiKilled > 0 && notify.slowed > 0 && (notify.responses[500] ?? 0) > 0;
    while (booking || !allHappened()) {
      if (!booking && performance.now() > bookingStarted + KILL_BOUND_SECONDS * 1000) break; // judged by the chaos check below
      await sleep(100);
      const done = visits.size + bookingErrors.length;
      if (!chaosOn) {
        // nothing to hit until the workers are sending
        if (notify.accepted.length < CHAOS_AFTER_ACCEPTED) continue;
        chaosOn = true;
        startFaults();
        progress(`Notify has accepted ${notify.accepted.length} messages: the faults and kills begin`);
      }
      if (!rateLimited && (done >= VISITS / 4 || !booking)) {
        rateLimited = true;
        notify.inject({ status: 429, error: 'RateLimitError', forMs: RATE_LIMIT_SECONDS * 1000 });
        faultsOverAt = Math.max(faultsOverAt, performance.now() + RATE_LIMIT_SECONDS * 1000);
        progress(`Notify answers 429 to everything for ${RATE_LIMIT_SECONDS} s`);
      }
      if (!down && (done >= (VISITS * 2) / 3 || !booking)) {
        down = true;
        notify.inject({ status: 503, forMs: OUTAGE_SECONDS * 1000 });
        faultsOverAt = Math.max(faultsOverAt, performance.now() + OUTAGE_SECONDS * 1000);
        progress(`Notify is down (503) for ${OUTAGE_SECONDS} s`);
      }
      if (redisRestarts === 0 && (done >= VISITS / 2 || !booking)) {
        await redis!.restart();
        redisRestarts += 1;
        progress(`Redis killed and restarted empty after ${visits.size} bookings`);
      }
      // the API taking receipts, killed while they are coming (Notify took a message within the last second)
      if (apiKilled === 0 && notify.accepted.length > 0 && Date.parse(notify.accepted[notify.accepted.length - 1].createdAt) > Date.now() - 1000) {
        const name = receiptsApi.runningNames()[0];
        if (name && receiptsApi.killByName(name)) {
          apiKilled += 1;
          progress(`the API process taking Notify's receipts (${name}) killed after ${notify.receipts.length} receipt posts; replaced`);
        }
      }
      if (performance.now() >= nextKill) {
        // the worker holding a message (sending it, before Notify accepted); if none is, look again
        // shortly: a worker killed while starting up or idle tests nothing, and one killed every few
        // seconds on a busy machine may never get as far as sending
        const name = await workerHolding();
        if (name && (await anotherWorkerUp(name)) && workers.killByName(name)) {
          aimed.holding += 1;
          nextKill = performance.now() + 3000 + Math.random() * 2000;
        }
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
  await sleep(Math.max(0, faultsOverAt - performance.now())); // the outage and the rate limit run their course
  notify.clearFaults();
  notify.afterAccepting = null;
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

  const finalRows = await readRows();
  const { figures, checks } = checkMessages(finalRows, visits, notify.accepted, new Date(), changes);
  // messages whose receipts Notify gave up posting (the receipts API was down, or too slow): the overdue look-up's to settle
  const givenUp = receiptsGivenUp(notify.receipts);
  const givenUpRows = finalRows.filter((row) => row.providerId && givenUp.has(row.providerId));
  const givenUpOpen = givenUpRows.filter((row) => !FINAL_STATUSES.has(row.status));
  // asked about by Notify's id once overdue, or by reference (a sender that never heard Notify's answer finds it, outcome and all)
  const givenUpAsked = givenUpRows.filter((row) => notify.lookUps.some((l) => l.id === row.providerId || l.reference === row.id));
  const runChecks: Check[] = [
    { name: 'every visit was booked through the API', passed: bookingErrors.length === 0 && visits.size === VISITS + starting.length + (quiet ? QUIET_VISITS : 0), detail: `${visits.size} booked, ${bookingErrors.length} refused${bookingErrors.length ? ` (${summarise(bookingErrors)})` : ''}` },
    { name: 'every start, move and cancel was answered (a lost race is CONFLICT, never a 500)', passed: changeErrors.every((e) => e.endsWith('CONFLICT')), detail: `${changes.length} answered, ${changeErrors.length} refused${changeErrors.length ? ` (${summarise(changeErrors)})` : ''}` },
    {
      name: 'the chaos happened: senders killed at the dangerous moments, Redis restarted, each Notify fault injected',
      passed:
        aimed.holding > 0 && aimed.afterAccepting > 0 && workers.killed === aimed.holding + aimed.afterAccepting && apiKilled === 1 && receiptsApi.killed === 1 &&
        redisRestarts === (QUIET_REDIS_LOSS ? 2 : 1) && [429, 500, 503].every((status) => (notify.responses[status] ?? 0) > 0) && notify.slowed > 0,
      detail: `${workers.killed} worker kills (${aimed.holding} holding a message, ${aimed.afterAccepting} just after Notify accepted; ${aimed.missed} acceptances whose sender had already gone), ${apiKilled} API kill, ${redisRestarts} Redis restarts, ${notify.slowed} slow requests, answers ${[429, 500, 503].map((s) => `${s}: ${notify.responses[s] ?? 0}`).join(', ')}`,
    },
    {
      name: 'messages whose receipts Notify gave up posting (the API taking them was killed) were settled by looking them up at Notify',
      passed: givenUp.size > 0 && givenUpRows.length === givenUp.size && givenUpOpen.length === 0 && givenUpAsked.length === givenUp.size,
      detail: `${givenUp.size} receipts given up, ${givenUpRows.length - givenUpOpen.length} of those messages final (${summarise(givenUpRows.map((row) => row.status))}), ${givenUpAsked.length} of them looked up at Notify (${notify.lookUps.filter((l) => l.id).length} look-ups by id in all)`,
    },
    ...(quiet
      ? [{ name: 'messages written after Redis was lost under running workers were sent', passed: quiet.open === 0, detail: `${quiet.due - quiet.open} of ${quiet.due} final after ${quiet.seconds.toFixed(0)} s` }]
      : []),
    { name: 'no worker or API process died other than those the run killed', passed: workers.crashes.length === 0 && receiptsApi.crashes.length === 0, detail: [...workers.crashes, ...receiptsApi.crashes].length ? summarise([...workers.crashes, ...receiptsApi.crashes]) : 'none' },
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
  line('retries', `${figures.retried} messages took more than one attempt (most: ${figures.maxAttempts}); ${figures.requeued} re-queued by the sweeper; ${notify.lookUps.filter((l) => l.reference).length} look-ups by reference`);
  line('visit changes', `${changes.length} answered (${STARTS} started, a tenth moved, a tenth and half the started cancelled); ${changeErrors.length} refused`);
  line('workers killed', `${workers.killed}: ${aimed.holding} while sending (holding a message), ${aimed.afterAccepting} just after Notify accepted, before it heard (${workers.started} started; died on their own: ${workers.crashes.length})`);
  line('API killed', `${apiKilled} (the process taking Notify's receipts; ${receiptsApi.started} started; died on their own: ${receiptsApi.crashes.length})`);
  line('receipts', `${notify.receipts.length} posts; ${givenUp.size} messages whose receipt Notify gave up posting, looked up at Notify instead (${notify.lookUps.filter((l) => l.id).length} look-ups by id)`);
  line('redis restarts', `${redisRestarts}`);
  line('faults injected', `429 answers ${notify.responses[429] ?? 0} (random, and all for ${RATE_LIMIT_SECONDS} s), 500 ${notify.responses[500] ?? 0}, 503 ${notify.responses[503] ?? 0} (after accepting, and down for ${OUTAGE_SECONDS} s), slow (15 s) ${notify.slowed}`);
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

/** The deployment's worker configuration, as the tests' worker processes get it, on this run's Redis. */
function workerEnvironment(api: ApiTestHarness, queue: PrivateRedis): NodeJS.ProcessEnv {
  return harnessWorkerEnvironment(api, { redisUrl: queue.url });
}

/** Notify's ids of the notifications none of whose receipt posts the API took (no answer, or 5xx / 429 every time). */
function receiptsGivenUp(receipts: readonly { providerId: string; answeredWith: number | null }[]): Set<string> {
  const taken = new Set(receipts.filter((r) => r.answeredWith !== null && r.answeredWith < 500 && r.answeredWith !== 429).map((r) => r.providerId));
  return new Set(receipts.filter((r) => !taken.has(r.providerId)).map((r) => r.providerId));
}

/** A free port on 127.0.0.1 for a process of the run's own. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits (bounded) until an API process answers its readiness check. */
async function waitUntilReady(baseUrl: string, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const ready = await fetch(`${baseUrl}/health/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the API process at ${baseUrl} was not ready within ${boundMs / 1000} s`);
    await sleep(500);
  }
}

function messageRow(row: Notification): MessageRow {
  const visit = row.visit.getEntity();
  return {
    id: row.id,
    visitId: row.visit.id,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    reason: row.lastError ?? null,
    providerId: row.providerId ?? null,
    sendAfter: row.sendAfter,
    sentAt: row.sentAt ?? null,
    updatedAt: row.updatedAt,
    attempts: row.attempts,
    enqueueCount: row.enqueueCount,
    forVisitStart: row.forVisitStart,
    visit: { start: visit.scheduledStart, end: visit.scheduledEnd, linkValidUntil: visit.linkValidUntil ?? null },
  };
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
