import { fork, type ChildProcess } from 'node:child_process';
import { Trust, Ward } from '@vv/domain/trusts';
import { PROCESS_CLOCK, startApiTestHarness, type ApiTestHarness } from '@vv/runtime/api-testing';
import { prepareBenchTemplate } from './bench-database';
import { cpuSeconds, nextMessage, quantile } from './bench-process';
import type { BenchApiReady } from './bench-api';
import type { BenchResult, BenchRun } from './bench-client';

/**
 * `npm run bench`, two measurements in one run on the same database server:
 *
 * 1. Booking, measured from outside: the API runs as its own process (bench-api) with
 *    BENCH_TRUSTS trusts of BENCH_WARDS wards (default 24 x 8, one nurse each), and a client
 *    process (bench-client) books visits spread over every ward through the GraphQL API at
 *    concurrency 1, 8 and 32. Against it, the same client process sends the bare transaction
 *    a booking amounts to (BEGIN, the trust settings, the role, the visit, its event, its
 *    audit row, its outbox row, COMMIT: 8 statements) through node-pg at the same
 *    concurrency. The two alternate, BENCH_ROUNDS times each (default 3), and the table gives
 *    min / median / max of the rates, the median ratio, the API's p50 and p95 latency, the SQL
 *    statements the API sent per booking and the API process's CPU per booking.
 * 2. Messages: visits booked through the API on three trusts' wards with the worker in the
 *    same process, timed from the first booking until the local GOV.UK Notify has accepted
 *    every confirmation: messages per second against the configured limit
 *    (NOTIFY_RATE_PER_MINUTE / 60 per trust, times the trusts used) and the ratio.
 *
 * Needs PostgreSQL at TEST_DATABASE_URL (default 127.0.0.1:5432). These machines are shared:
 * read the ratios, not the absolute numbers.
 */
const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? '1,8,32').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 300);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RATE_PER_MINUTE = Number(process.env.NOTIFY_RATE_PER_MINUTE ?? 3000);
/** How long the message section may wait for Notify to have every message (then it fails, not hangs). */
const MESSAGE_DEADLINE_MS = 90_000;
/** BENCH_PEAK=<bookings/s>: skip the closed-loop table and measure only at half of this rate (e.g. to profile the tail). */
const HALF_PEAK_ONLY = process.env.BENCH_PEAK !== undefined;
const med = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BOOK = 'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id } }';

const dropTemplate = await prepareBenchTemplate(serverUrl);
try {
  await benchBooking();
  if (process.env.BENCH_SKIP_MESSAGES !== 'true') await benchMessages();
} finally {
  await dropTemplate();
}

async function benchBooking(): Promise<void> {
  // BENCH_PROFILE_DIR=<dir>: a V8 CPU profile of the API process during the measured rounds
  const apiProcess = fork(new URL('./bench-api.js', import.meta.url), { env: process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  apiProcess.setMaxListeners(0);
  try {
    const api = await nextMessage<BenchApiReady>(apiProcess, 'ready');
    const base = Math.ceil((Date.now() + 2 * 86_400_000) / 86_400_000) * 86_400_000;
    let first = 0;
    const measure = async (mode: BenchRun['mode'], concurrency: number, count: number, rate?: number) => {
      const spec: BenchRun = { mode, url: api.url, appUrl: api.appUrl, wards: api.wards, concurrency, count, first, base, rate };
      first += count;
      const cpuBefore = cpuSeconds(apiProcess.pid!);
      const statementsBefore = mode === 'api' ? await statements(apiProcess) : 0;
      const result = await runClient(spec);
      const cpu = cpuSeconds(apiProcess.pid!) - cpuBefore;
      const sent = mode === 'api' ? (await statements(apiProcess)) - statementsBefore : 0;
      const sorted = [...result.latenciesMs].sort((a, b) => a - b);
      return { rate: count / result.seconds, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99), max: sorted.at(-1)!, statementsPerBooking: sent / count, cpuMsPerBooking: (cpu * 1000) / count };
    };
    // warm-up: connections, JIT, each nurse's first request
    await measure('api', 8, api.wards.length * 2);
    await measure('bare', 8, 200);

    console.log(`Booking, ${api.wards.length} wards, one nurse each, API and client in their own processes; min / median / max of ${ROUNDS} interleaved rounds of ${BOOKINGS}:`);
    console.log('| concurrency | bare transaction /s | bookVisit through the API /s | ratio (median) | API p50 / p95 ms | statements per booking | API CPU ms per booking |');
    console.log('|---|---|---|---|---|---|---|');
    if (process.env.BENCH_PROFILE_DIR && !HALF_PEAK_ONLY) apiProcess.send({ kind: 'profile-start' });
    let peak = 0;
    for (const concurrency of HALF_PEAK_ONLY ? [] : CONCURRENCIES) {
      const bare: number[] = [];
      const through: Awaited<ReturnType<typeof measure>>[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        through.push(await measure('api', concurrency, BOOKINGS));
        bare.push((await measure('bare', concurrency, BOOKINGS)).rate);
      }
      const rates = through.map((r) => r.rate);
      peak = Math.max(peak, med(rates));
      const spread = (values: number[]) => `${Math.min(...values).toFixed(0)} / ${med(values).toFixed(0)} / ${Math.max(...values).toFixed(0)}`;
      console.log(
        `| ${concurrency} | ${spread(bare)} | ${spread(rates)} | ${(med(rates) / med(bare)).toFixed(2)} | ${med(through.map((r) => r.p50)).toFixed(1)} / ${med(through.map((r) => r.p95)).toFixed(1)} | ${med(through.map((r) => r.statementsPerBooking)).toFixed(1)} | ${med(through.map((r) => r.cpuMsPerBooking)).toFixed(2)} |`,
      );
    }
    // latency at half of the peak rate, the load a system should carry with room to spare:
    // bookings arrive at a steady rate (an open loop), so waiting in any queue counts
    peak = Number(process.env.BENCH_PEAK ?? peak);
    if (peak > 0) {
      if (process.env.BENCH_PROFILE_DIR && HALF_PEAK_ONLY) apiProcess.send({ kind: 'profile-start' });
      const rate = peak / 2;
      const runs: Awaited<ReturnType<typeof measure>>[] = [];
      for (let round = 0; round < ROUNDS; round++) runs.push(await measure('api', 0, Math.max(BOOKINGS, Math.round(rate * 5)), rate));
      const ms = (pick: (r: Awaited<ReturnType<typeof measure>>) => number) => med(runs.map(pick)).toFixed(1);
      console.log(
        `\nAt half of the peak (${rate.toFixed(0)} bookings/s arriving steadily, ${ROUNDS} rounds of ${Math.max(BOOKINGS, Math.round(rate * 5))}), median of rounds: p50 ${ms((r) => r.p50)} ms, p95 ${ms((r) => r.p95)} ms, p99 ${ms((r) => r.p99)} ms, max ${ms((r) => r.max)} ms; API CPU ${ms((r) => r.cpuMsPerBooking)} ms per booking`,
      );
    }
    if (process.env.BENCH_PROFILE_DIR) {
      const written = nextMessage(apiProcess, 'profiled');
      apiProcess.send({ kind: 'profile-stop' });
      await written;
    }
  } finally {
    apiProcess.send({ kind: 'stop' });
    await new Promise((resolve) => apiProcess.once('exit', resolve));
  }
}

function runClient(spec: BenchRun): Promise<BenchResult> {
  const client = fork(new URL('./bench-client.js', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  client.send(spec);
  return new Promise((resolve, reject) => {
    client.once('message', (result) => resolve(result as BenchResult));
    client.once('exit', (code) => code !== 0 && reject(new Error(`the bench client stopped with ${code}`)));
  });
}

async function statements(apiProcess: ChildProcess): Promise<number> {
  const reply = nextMessage<{ statements: number }>(apiProcess, 'stats');
  apiProcess.send({ kind: 'stats' });
  return (await reply).statements;
}

async function benchMessages(): Promise<void> {
  const api = await startApiTestHarness({ LOG_LEVEL: 'silent', NOTIFY_RATE_PER_MINUTE: String(RATE_PER_MINUTE) }, [], { worker: true, clock: PROCESS_CLOCK });
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
