import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { BenchWard } from './bench-api';

/**
 * The load, as a process of its own (forked by `npm run bench` for each measurement), so
 * its CPU is never the API's: books `count` visits `concurrency` at a time, either through
 * the GraphQL API or as the bare transaction the API's booking amounts to, and tells its
 * parent the elapsed time and each booking's latency.
 *
 * Booking k goes to ward k mod wards, in slot k div wards (five minutes each, from `base`),
 * so no two bookings of a run ever overlap and every ward sees the same load.
 */
export interface BenchRun {
  mode: 'api' | 'bare';
  url: string;
  appUrl: string;
  wards: BenchWard[];
  concurrency: number;
  count: number;
  /** The first booking's index: runs never reuse a slot. */
  first: number;
  /** Epoch ms of slot 0. */
  base: number;
  /**
   * Open loop: start a booking every 1/rate seconds whatever is still running (as nurses do:
   * one does not wait for another's booking), instead of `concurrency` at a time. Latency
   * then includes any queueing, which a closed loop hides.
   */
  rate?: number;
}

export interface BenchResult {
  seconds: number;
  latenciesMs: number[];
}

const BOOK = 'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id } }';

/** The bare transaction: BEGIN, the trust settings, the role, the visit, its event, its audit row, its outbox row, COMMIT. */
async function bareBooking(pool: pg.Pool, ward: BenchWard, start: Date): Promise<void> {
  const client = await pool.connect();
  try {
    const visitId = randomUUID();
    const staffId = '00000000-0000-4000-8000-00000000be00';
    await client.query('begin');
    await client.query("select set_config('app.trust_id', $1, true), set_config('app.trust_ids', $1, true)", [ward.trustId]);
    await client.query('set local role vv_app');
    await client.query(
      `insert into visit (trust_id, id, ward_id, patient_name, contact_name, contact_mobile, scheduled_start, length_minutes, scheduled_end, status, booked_by_staff_id)
       values ($1, $2, $3, 'Bench Patient', 'Bench Contact', '+447700900123', $4, 5, $5, 'booked', $6)`,
      [ward.trustId, visitId, ward.wardId, start, new Date(start.getTime() + 5 * 60_000), staffId],
    );
    await client.query(`insert into visit_event (trust_id, id, visit_id, type, actor_staff_id, detail) values ($1, $2, $3, 'booked', $4, '{"unscheduled":false}')`, [ward.trustId, randomUUID(), visitId, staffId]);
    await client.query(
      `insert into audit_event (trust_id, id, actor_staff_id, action, target_type, target_id, outcome, detail) values ($1, $2, $3, 'visit.booked', 'visit', $4, 'success', '{"unscheduled":false}')`,
      [ward.trustId, randomUUID(), staffId, visitId],
    );
    await client.query(
      `insert into notification (trust_id, id, visit_id, kind, channel, recipient_masked, send_after, for_visit_start) values ($1, $2, $3, 'bookingConfirmation', 'sms', '07••• •••123', now(), $4)`,
      [ward.trustId, randomUUID(), visitId, start],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function apiBooking(url: string, ward: BenchWard, start: Date): Promise<void> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ward.token}` },
    body: JSON.stringify({
      query: BOOK,
      variables: { input: { wardId: ward.wardId, patientName: 'Bench Patient', contactName: 'Bench Contact', contactMobile: '07700900123', startAt: start.toISOString(), lengthMinutes: 5 } },
    }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string }; message: string }[] };
  if (body.errors) throw new Error(`booking failed: ${body.errors.map((e) => e.extensions?.code ?? e.message).join()}`);
}

async function run(spec: BenchRun): Promise<BenchResult> {
  if (spec.rate) return runOpenLoop(spec, spec.rate);
  const pool = spec.mode === 'bare' ? new pg.Pool({ connectionString: spec.appUrl, max: spec.concurrency }) : undefined;
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (next < spec.count) {
          const k = spec.first + next++;
          const ward = spec.wards[k % spec.wards.length];
          const start = new Date(spec.base + Math.floor(k / spec.wards.length) * 5 * 60_000);
          const t0 = performance.now();
          await (pool ? bareBooking(pool, ward, start) : apiBooking(spec.url, ward, start));
          latenciesMs.push(performance.now() - t0);
        }
      }),
    );
    return { seconds: (performance.now() - started) / 1000, latenciesMs };
  } finally {
    await pool?.end();
  }
}

async function runOpenLoop(spec: BenchRun, rate: number): Promise<BenchResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const bookings: Promise<void>[] = [];
  for (let i = 0; i < spec.count; i++) {
    // the i-th booking starts at i / rate seconds; a late timer starts it at once, and its latency counts from when it was due
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const k = spec.first + i;
    const ward = spec.wards[k % spec.wards.length];
    const start = new Date(spec.base + Math.floor(k / spec.wards.length) * 5 * 60_000);
    bookings.push(apiBooking(spec.url, ward, start).then(() => void latenciesMs.push(performance.now() - due)));
  }
  await Promise.all(bookings);
  return { seconds: (performance.now() - started) / 1000, latenciesMs };
}

process.once('message', (spec: BenchRun) => {
  run(spec).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
});
