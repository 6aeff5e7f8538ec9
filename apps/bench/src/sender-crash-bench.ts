import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Notification } from '@vv/domain/notifications';
import { Trust } from '@vv/domain/trusts';
import { PROCESS_CLOCK, startApiTestHarness, startWorkerProcess, type ApiTestHarness, type WorkerProcess } from '@vv/runtime/api-testing';
import { prepareBenchTemplate } from './bench-database';

/**
 * `npm run bench:sender-crash`: how long a family waits for "ready to join" when the worker
 * sending it dies, against a calm run, in one run on the same API, workers and Notify. Two
 * real worker processes on BullMQ (Redis at TEST_REDIS_URL, a namespace of this run's own).
 * Calm: start a visit, time from the start's answer to Notify accepting its "ready to join".
 * Crash: the same, but the worker that takes the message is SIGKILLed the moment it holds the
 * message (seen in PostgreSQL's locks) and replaced; the other worker takes the job up when its
 * BullMQ lock lapses. Prints each, the medians and their ratio. Shared machines: read the ratio.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bench-${randomBytes(4).toString('hex')}`;
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const NURSE = 'nurse.rnq@nhs.net';

const dropTemplate = await prepareBenchTemplate(serverUrl);
const workers = new Set<WorkerProcess>();
let api: ApiTestHarness | undefined;
let owner: pg.Client | undefined;
try {
  api = await startApiTestHarness({ LOG_LEVEL: 'silent', REDIS_URL, REDIS_QUEUE_PREFIX: PREFIX }, [], { redisQueue: true, clock: PROCESS_CLOCK });
  await api.loadDemoData();
  owner = new pg.Client({ connectionString: api.database.ownerUrl });
  await owner.connect();
  const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
  const wards = await api.as<{ wards: { id: string; code: string }[] }>(NURSE, '{ wards { id code } }');
  const wardId = wards.data!.wards.find((w) => w.code === 'ED')!.id;
  let named = 0;
  const startWorker = () => {
    const worker = startWorkerProcess(api!, { name: `vv-worker-${++named}`, redisUrl: REDIS_URL, redisPrefix: PREFIX, env: { LOG_LEVEL: 'info' } });
    workers.add(worker);
    return worker;
  };
  await Promise.all([startWorker().taking, startWorker().taking]);

  /** Books and starts a visit; resolves with the ms from the start's answer to Notify accepting "ready to join". */
  const readyToJoinDelay = async (crash: boolean): Promise<{ ms: number; killed?: string }> => {
    const startAt = new Date(Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000).toISOString();
    const booked = await api!.as<{ bookVisit: { id: string } }>(NURSE, 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
      input: { wardId, patientName: 'Bench Patient', contactName: 'Bench Contact', contactMobile: '07700 900600', startAt },
    });
    if (!booked.data?.bookVisit) throw new Error(`booking refused: ${JSON.stringify(booked.errors)}`);
    const visitId = booked.data.bookVisit.id;
    const started = await api!.as(NURSE, 'mutation($id: ID!) { startVisit(id: $id) { visit { status } } }', { id: visitId });
    if (started.errors) throw new Error(`start refused: ${JSON.stringify(started.errors)}`);
    const from = performance.now();
    const row = await api!.db.inTrust({ trustId: trust.id, odsCode: 'RNQ' }, (em) => em.findOneOrFail(Notification, { visit: { id: visitId }, kind: 'readyToJoin' }));
    let killed: string | undefined;
    if (crash) {
      // the worker holding this message (its lock, in any phase of sending) dies without warning
      const key = (await owner!.query<{ key: string }>(`select hashtextextended($1, 7)::text as key`, [`notification:${row.id}`])).rows[0].key;
      for (;;) {
        const { rows } = await owner!.query<{ name: string }>(
          `select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and a.application_name like 'vv-worker-%'
              and ((l.classid::bigint << 32) | l.objid::bigint)::text = $1`,
          [key],
        );
        const victim = rows[0] && [...workers].find((w) => w.name === rows[0].name);
        if (victim) {
          await victim.kill();
          workers.delete(victim);
          killed = victim.name;
          startWorker(); // an orchestrator replaces it; the surviving worker does the recovery
          break;
        }
        if (api!.notify.server.accepted.some((n) => n.reference === row.id)) break; // too quick to catch
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    while (!api!.notify.server.accepted.some((n) => n.reference === row.id)) await new Promise((resolve) => setTimeout(resolve, 20));
    const ms = performance.now() - from;
    // the visit ends, so the next run's visit in the same slot is not refused for the ward's capacity (4 at once)
    const completed = await api!.as(NURSE, 'mutation($id: ID!) { completeVisit(id: $id) { status } }', { id: visitId });
    if (completed.errors) throw new Error(`complete refused: ${JSON.stringify(completed.errors)}`);
    return { ms, killed };
  };

  await readyToJoinDelay(false); // warm-up
  const calm: number[] = [];
  for (let i = 0; i < RUNS; i += 1) calm.push((await readyToJoinDelay(false)).ms);
  const crashed: number[] = [];
  let caught = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const { ms, killed } = await readyToJoinDelay(true);
    crashed.push(ms);
    if (killed) caught += 1;
    await Promise.all([...workers].map((w) => w.taking));
  }
  const twice = api.notify.server.accepted.filter((n, i, all) => all.findIndex((m) => m.reference === n.reference) !== i).length;
  console.log(`"Ready to join" delay, start answered -> Notify accepted (${RUNS} runs each, 2 worker processes, BullMQ job lock 5 s, stalled check 2 s):`);
  console.log(`  calm:                 ${list(calm)}  median ${median(calm).toFixed(0)} ms`);
  console.log(`  sender killed (${caught}/${RUNS} caught holding it): ${list(crashed)}  median ${median(crashed).toFixed(0)} ms, worst ${Math.max(...crashed).toFixed(0)} ms`);
  console.log(`  ratio (median crash / median calm): ${(median(crashed) / median(calm)).toFixed(1)}x`);
  console.log(`  messages Notify accepted twice: ${twice}`);
} finally {
  await Promise.all([...workers].map((w) => w.kill()));
  await owner?.end();
  await api?.close();
  await dropTemplate();
}
process.exit(0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function list(values: number[]): string {
  return values.map((v) => `${v.toFixed(0)}`).join(', ') + ' ms';
}
