import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Trust, Ward } from '@vv/domain/trusts';
import { startApiTestHarness, type ApiTestHarness } from '@vv/runtime/api-testing';
import { prepareBenchTemplate } from './bench-database';

/**
 * `npm run bench`, two measurements in one run on the same database server:
 *
 * 1. Booking: visits booked through the public GraphQL API (token check, roles, rules, ward
 *    lock, visit + history + audit + outbox rows, one transaction each) against the same rows
 *    inserted with bare SQL (one statement per visit, in the same tenant transaction wrapper):
 *    visits per second for each and the ratio.
 * 2. Messages: visits booked through the API on three trusts' wards with the worker in the
 *    same process, timed from the first booking until the local GOV.UK Notify has accepted
 *    every confirmation: messages per second against the configured limit
 *    (NOTIFY_RATE_PER_MINUTE / 60 per trust, times the trusts used) and the ratio.
 *
 * Needs PostgreSQL at TEST_DATABASE_URL (default 127.0.0.1:5432). These machines are shared:
 * read the ratios, not the absolute numbers.
 */
const VISITS = Number(process.env.BENCH_VISITS ?? 400);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RATE_PER_MINUTE = Number(process.env.NOTIFY_RATE_PER_MINUTE ?? 3000);
/** How long the message section may wait for Notify to have every message (then it fails, not hangs). */
const MESSAGE_DEADLINE_MS = 90_000;
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BOOK = 'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id } }';

const dropTemplate = await prepareBenchTemplate(serverUrl);
try {
  await benchBooking();
  await benchMessages();
} finally {
  await dropTemplate();
}

async function benchBooking(): Promise<void> {
  const api = await startApiTestHarness({ LOG_LEVEL: 'silent' });
  try {
    await api.loadDemoData();
    const [ed] = await edWards(api, [{ odsCode: 'RNQ', site: 'RNQ01', nurse: 'nurse.rnq@nhs.net' }]);
    const base = Date.now() + 24 * 3600_000;
    const slot = (i: number, offsetDays: number) => new Date(base + offsetDays * 86_400_000 + i * 5 * 60_000).toISOString();
    const bookThroughApi = (startAt: string) => book(api, ed, { patientName: 'Bench Patient', contactName: 'Bench Contact', contactMobile: '07700900123', startAt, lengthMinutes: 5 });

    // warm-up: connections, JIT, the token's key set
    await runConcurrently(20, async (i) => bookThroughApi(slot(i, 30)));

    const apiStarted = performance.now();
    await runConcurrently(VISITS, async (i) => bookThroughApi(slot(i, 0)));
    const apiSeconds = (performance.now() - apiStarted) / 1000;

    const sql = new pg.Pool({ connectionString: api.database.appUrl, max: CONCURRENCY });
    const sqlStarted = performance.now();
    await runConcurrently(VISITS, async (i) => {
      const client = await sql.connect();
      try {
        await client.query('begin');
        await client.query("select set_config('app.trust_id', $1, true), set_config('app.trust_ids', $1, true)", [ed.trustId]);
        await client.query('set local role vv_app');
        const start = new Date(slot(i, 60));
        await client.query(
          `insert into visit (trust_id, id, ward_id, patient_name, contact_name, contact_mobile, scheduled_start, length_minutes, scheduled_end, status, booked_by_staff_id, version)
           values ($1, $2, $3, 'Bench Patient', 'Bench Contact', '+447700900123', $4, 5, $5, 'booked', $6, 1)`,
          [ed.trustId, randomUUID(), ed.wardId, start, new Date(start.getTime() + 5 * 60_000), randomUUID()],
        );
        await client.query('commit');
      } finally {
        client.release();
      }
    });
    const sqlSeconds = (performance.now() - sqlStarted) / 1000;
    await sql.end();

    const apiRate = VISITS / apiSeconds;
    const sqlRate = VISITS / sqlSeconds;
    console.log(`Booking ${VISITS} visits, ${CONCURRENCY} at a time, on one ward:`);
    console.log(`  through the GraphQL API: ${apiRate.toFixed(0).padStart(6)} visits/s`);
    console.log(`  bare SQL insert:         ${sqlRate.toFixed(0).padStart(6)} visits/s`);
    console.log(`  ratio (API / SQL):       ${(apiRate / sqlRate).toFixed(3)}`);
  } finally {
    await api.close();
  }
}

async function benchMessages(): Promise<void> {
  const api = await startApiTestHarness({ LOG_LEVEL: 'silent', NOTIFY_RATE_PER_MINUTE: String(RATE_PER_MINUTE) }, [], { worker: true });
  try {
    await api.loadDemoData();
    // EDs open round the clock; each confirmation is one text (the reminders R1K writes are hours away)
    const wards = await edWards(api, [
      { odsCode: 'RNQ', site: 'RNQ01', nurse: 'nurse.rnq@nhs.net' },
      { odsCode: 'RNS', site: 'RNS01', nurse: 'bank.nurse@nhs.net', xTrust: 'RNS' },
      { odsCode: 'R1K', site: 'R1K01', nurse: 'nurse.r1k@nhs.net' },
    ]);
    const base = Math.ceil((Date.now() + 24 * 3600_000) / 600_000) * 600_000;
    const bookAt = (i: number) =>
      book(api, wards[i % wards.length], { patientName: 'Bench Patient', contactName: 'Bench Contact', contactMobile: '07700900123', startAt: new Date(base + Math.floor(i / wards.length) * 600_000).toISOString(), lengthMinutes: 5 });
    const accepted = () => api.notify.server.accepted.length;
    const untilAccepted = async (count: number) => {
      const deadline = performance.now() + MESSAGE_DEADLINE_MS;
      while (accepted() < count) {
        if (performance.now() > deadline) throw new Error(`the local Notify accepted ${accepted()} of ${count} messages in ${MESSAGE_DEADLINE_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    // warm-up: one visit per ward, sent, so tokens, key sets and each trust's Notify client exist
    await Promise.all(wards.map((_, i) => bookAt(MESSAGES + i)));
    await untilAccepted(wards.length);
    const before = accepted();

    const started = performance.now();
    await runConcurrently(MESSAGES, bookAt);
    const bookingSeconds = (performance.now() - started) / 1000;
    await untilAccepted(before + MESSAGES);
    const seconds = (performance.now() - started) / 1000;

    const rate = MESSAGES / seconds;
    const limit = (RATE_PER_MINUTE / 60) * wards.length;
    console.log(`Messages: ${MESSAGES} visits booked over ${wards.length} trusts (one text each), ${CONCURRENCY} at a time, worker in-process:`);
    console.log(`  booking took:            ${bookingSeconds.toFixed(1).padStart(6)} s (${(MESSAGES / bookingSeconds).toFixed(0)} visits/s)`);
    console.log(`  accepted by Notify:      ${rate.toFixed(0).padStart(6)} messages/s (first booking to last accepted: ${seconds.toFixed(1)} s, ${(seconds - bookingSeconds).toFixed(1)} s after the last booking)`);
    console.log(`  configured limit:        ${limit.toFixed(0).padStart(6)} messages/s (NOTIFY_RATE_PER_MINUTE ${RATE_PER_MINUTE} / 60 x ${wards.length} trusts)`);
    console.log(`  ratio (sent / limit):    ${(rate / limit).toFixed(3)}`);
  } finally {
    await api.close();
  }
}

interface BenchWard {
  trustId: string;
  wardId: string;
  nurse: string;
  xTrust?: string;
}

async function edWards(api: ApiTestHarness, wards: { odsCode: string; site: string; nurse: string; xTrust?: string }[]): Promise<BenchWard[]> {
  return Promise.all(
    wards.map(async ({ odsCode, site, nurse, xTrust }) => {
      const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode }));
      const ward = await api.db.inTrust({ trustId: trust.id, odsCode }, (em) => em.findOneOrFail(Ward, { code: 'ED', hospital: { siteCode: site } }));
      return { trustId: trust.id, wardId: ward.id, nurse, xTrust };
    }),
  );
}

async function book(api: ApiTestHarness, ward: BenchWard, visit: Record<string, unknown>): Promise<void> {
  const result = await api.as<{ bookVisit: { id: string } }>(ward.nurse, BOOK, { input: { wardId: ward.wardId, ...visit } }, ward.xTrust);
  if (result.errors) throw new Error(`booking failed: ${result.errors.map((e) => e.extensions?.code).join()}`);
}

async function runConcurrently(total: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await work(next++);
    }),
  );
}
