import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Notification } from '@vv/domain/notifications';
import { Trust } from '@vv/domain/trusts';
import { until } from '@vv/platform/testing';
import { PROCESS_CLOCK, startApiTestHarness, startWorkerProcess, type ApiTestHarness, type WorkerProcess } from '../testing';

/**
 * A worker dies while sending a "ready to join" (the patient waiting at a ward tablet): with
 * two real worker processes on BullMQ, the one that took the message is killed with SIGKILL
 * before it has sent it, and the other takes it up through BullMQ's stalled-job check (a
 * 5 s job lock), not the relay's 90 s sweep. Made deterministic by holding the message's lock
 * from the test, so the killed sender is known to be stopped before its attempt.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test-${randomBytes(4).toString('hex')}`;
const NURSE = 'nurse.rnq@nhs.net';
let api: ApiTestHarness;
let owner: pg.Client;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  api = await startApiTestHarness({ REDIS_URL, REDIS_QUEUE_PREFIX: PREFIX }, [], { redisQueue: true, clock: PROCESS_CLOCK }); // the worker processes keep the process's time
  await api.loadDemoData();
  owner = new pg.Client({ connectionString: api.database.ownerUrl });
  await owner.connect();
}, 120_000);
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill()));
  await owner?.end();
  await api?.close();
});

it('a "ready to join" whose sender was killed before sending goes out once, taken up by another worker well before the sweeper', async () => {
  const wards = await api.as<{ wards: { id: string; code: string }[] }>(NURSE, '{ wards { id code } }');
  const wardId = wards.data!.wards.find((w) => w.code === 'ED')!.id;
  const startAt = new Date(Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000).toISOString(); // the ED takes visits round the clock
  const booked = await api.as<{ bookVisit: { id: string } }>(NURSE, 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
    input: { wardId, patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900581', startAt },
  });
  const visitId = booked.data!.bookVisit.id;
  const started = await api.as(NURSE, 'mutation($id: ID!) { startVisit(id: $id) { visit { status } } }', { id: visitId });
  expect(started.errors).toBeUndefined();
  const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
  const ready = await api.db.inTrust({ trustId: trust.id, odsCode: 'RNQ' }, (em) => em.findOneOrFail(Notification, { visit: { id: visitId }, kind: 'readyToJoin' }));
  // whichever worker takes the message stops at its lock, before it has tried anything
  await owner.query('select pg_advisory_lock(hashtextextended($1, 7))', [`notification:${ready.id}`]);

  workers.push(startWorkerProcess(api, { name: 'vv-worker-a', redisUrl: REDIS_URL, redisPrefix: PREFIX }), startWorkerProcess(api, { name: 'vv-worker-b', redisUrl: REDIS_URL, redisPrefix: PREFIX }));
  await Promise.all(workers.map((worker) => worker.taking)); // a busy machine starts them slowly: the test's own timeout bounds it
  const sender = await until(async () => {
    const { rows } = await owner.query<{ pid: number; name: string }>(
      `select a.pid, a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and not l.granted and a.application_name like 'vv-worker-%'`,
    );
    return rows[0];
  }, 120_000);
  const killed = workers.find((worker) => worker.name === sender.name)!;
  await killed.kill();
  await owner.query('select pg_terminate_backend($1)', [sender.pid]); // its session, as the database would drop it
  await owner.query('select pg_advisory_unlock(hashtextextended($1, 7))', [`notification:${ready.id}`]);

  // BullMQ's stalled check hands it on within about 7 s (a 5 s job lock, checked every 2 s); with
  // BullMQ's defaults (30 s, 30 s) it would take 30 to 60 s, and the sweeper only queues it again 90 s on
  const accepted = await until(async () => {
    const found = api.notify.server.accepted.filter((n) => n.reference === ready.id);
    return found.length > 0 && found;
  }, 25_000);
  const row = await until(async () => {
    const found = await api.db.inTrust({ trustId: trust.id, odsCode: 'RNQ' }, (em) => em.findOneOrFail(Notification, { id: ready.id }));
    return found.status === 'delivered' && found;
  });
  expect(accepted).toHaveLength(1);
  expect(api.notify.server.sendRequests.filter((r) => r.reference === ready.id)).toHaveLength(1);
  expect(row.enqueueCount).toBe(1); // not queued again by the sweeper
  expect(workers.find((worker) => worker !== killed)!.output()).not.toMatch(/"level":"(error|fatal)"/);
  expect(killed.output()).toContain('Worker is taking jobs');
}, 300_000);
