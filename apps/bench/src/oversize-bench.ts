import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { prepareBenchTemplate } from './bench-database';
import { cpuTimes, nextMessage, quantile } from './bench-process';
import type { BenchApiReady } from './bench-api';
import type { AnonymousCount, AnonymousResult, OversizeClientOrder, ProbeResult } from './oversize-clients';

/**
 * `npm run bench:oversize`: what callers who have not signed in can cost everyone else. Three
 * processes besides this one: the API (bench-api, one trust with one ward and its nurse), a
 * signed-in nurse sending `{ me { id } }` one request after another, and 8 anonymous clients
 * (at the lowest priority: they stand for machines elsewhere) each sending a 200 KB query back
 * to back, body and all. The nurse's requests are timed alone, then with the anonymous load,
 * BENCH_ROUNDS times (default 3); prints each round's p50 and p95, the ratio of the p95s (aim:
 * under 2x), how the anonymous requests were refused, the API's CPU per refused request (with
 * the anonymous load alone), and the load average. BENCH_PROFILE_DIR=<dir>: a CPU profile of
 * the API refusing the anonymous load alone. These machines are shared: read the ratio, not
 * the milliseconds; the anonymous clients send fewer requests when the machine is busy.
 */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP = 30;
const REFUSAL_SECONDS = 3;
const ANONYMOUS_CLIENTS = 8;
const OVERSIZE_CHARACTERS = 200_000;
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const dropTemplate = await prepareBenchTemplate(serverUrl);
const apiProcess = fork(new URL('./bench-api.js', import.meta.url), { env: { ...process.env, BENCH_TRUSTS: '1', BENCH_WARDS: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const prober = fork(new URL('./oversize-clients.js', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
try {
  const api = await nextMessage<BenchApiReady>(apiProcess, 'ready');
  const url = `${api.url}/graphql`;
  const probe = async (samples: number) => {
    const answer = nextMessage<ProbeResult>(prober, 'probed', 'the signed-in prober');
    prober.send({ kind: 'probe', url, token: api.wards[0].token, samples } satisfies OversizeClientOrder);
    return [...(await answer).latenciesMs].sort((a, b) => a - b);
  };
  await probe(WARM_UP); // connections, JIT, the key set

  const body = JSON.stringify({ query: oversizeQuery() });
  console.log(`Signed-in { me { id } }, ${SAMPLES} requests one after another, alone then with ${ANONYMOUS_CLIENTS} anonymous ${OVERSIZE_CHARACTERS / 1000} KB queries in flight:`);
  console.log('| round | alone p50 / p95 ms | loaded p50 / p95 ms | ratio of p95s | anonymous requests /s | load average (1 min) |');
  console.log('|---|---|---|---|---|---|');
  const ratios: number[] = [];
  const outcomes: Record<string, number> = {};
  let answeredBeforeBodySent = 0;
  let anonymousSent = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    const alone = await probe(SAMPLES);

    const load = await startAnonymousLoad(url, body);
    const sentBefore = await load.sent();
    const started = performance.now();
    const loaded = await probe(SAMPLES);
    const seconds = (performance.now() - started) / 1000;
    const sentWhileTimed = (await load.sent()) - sentBefore;
    const result = await load.stop();

    const ratio = quantile(loaded, 0.95) / quantile(alone, 0.95);
    ratios.push(ratio);
    for (const [outcome, n] of Object.entries(result.outcomes)) outcomes[outcome] = (outcomes[outcome] ?? 0) + n;
    answeredBeforeBodySent += result.answeredBeforeBodySent;
    anonymousSent += result.sent;
    console.log(
      `| ${round} | ${quantile(alone, 0.5).toFixed(1)} / ${quantile(alone, 0.95).toFixed(1)} | ${quantile(loaded, 0.5).toFixed(1)} / ${quantile(loaded, 0.95).toFixed(1)} | ${ratio.toFixed(2)}x | ${(sentWhileTimed / seconds).toFixed(0)} | ${loadavg()[0].toFixed(2)} |`,
    );
  }
  // what a refusal costs the API, with nothing else running: its CPU over REFUSAL_SECONDS of anonymous load alone
  const load = await startAnonymousLoad(url, body);
  if (process.env.BENCH_PROFILE_DIR) apiProcess.send({ kind: 'profile-start' });
  const sentBefore = await load.sent();
  const cpuBefore = cpuTimes(apiProcess.pid!);
  await new Promise((resolve) => setTimeout(resolve, REFUSAL_SECONDS * 1000));
  const cpuAfter = cpuTimes(apiProcess.pid!);
  if (process.env.BENCH_PROFILE_DIR) await profiled(apiProcess);
  const refused = (await load.sent()) - sentBefore;
  await load.stop();
  const perRefusal = (seconds: number) => ((seconds * 1000) / refused).toFixed(3);
  console.log(
    `Anonymous load alone for ${REFUSAL_SECONDS} s: ${(refused / REFUSAL_SECONDS).toFixed(0)} requests/s; API CPU per request ${perRefusal(cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system)} ms (user ${perRefusal(cpuAfter.user - cpuBefore.user)}, kernel ${perRefusal(cpuAfter.system - cpuBefore.system)}); load average ${loadavg()[0].toFixed(2)}`,
  );
  const sortedRatios = [...ratios].sort((a, b) => a - b);
  console.log(`Ratio of p95s, median of ${ROUNDS} rounds: ${quantile(sortedRatios, 0.5).toFixed(2)}x (aim: under 2x)`);
  console.log(
    `Anonymous oversize requests: ${anonymousSent} sent; ${Object.entries(outcomes)
      .map(([outcome, n]) => `${outcome} ×${n}`)
      .join(', ')}; ${answeredBeforeBodySent} answered before the client had written the whole body`,
  );
} finally {
  prober.kill();
  apiProcess.send({ kind: 'stop' });
  await new Promise((resolve) => apiProcess.once('exit', resolve));
  await dropTemplate();
}

/** The anonymous clients in a process of their own, running (for 300 ms already) when this resolves. */
async function startAnonymousLoad(url: string, body: string) {
  const load = fork(new URL('./oversize-clients.js', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  load.send({ kind: 'anonymous', url, clients: ANONYMOUS_CLIENTS, body } satisfies OversizeClientOrder);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    /** Requests sent so far. */
    async sent(): Promise<number> {
      const answer = nextMessage<AnonymousCount>(load, 'counted', 'the anonymous clients');
      load.send({ kind: 'count' } satisfies OversizeClientOrder);
      return (await answer).sent;
    },
    /** Stops the clients; what they got. */
    async stop(): Promise<AnonymousResult> {
      const done = nextMessage<AnonymousResult>(load, 'anonymous-done', 'the anonymous clients');
      load.send({ kind: 'stop' } satisfies OversizeClientOrder);
      return done;
    },
  };
}

async function profiled(api: ChildProcess): Promise<void> {
  const written = nextMessage(api, 'profiled');
  api.send({ kind: 'profile-stop' });
  await written;
}

/** A syntactically valid 200 KB query: thousands of aliased fields, the shape of the attack seen. */
function oversizeQuery(): string {
  const fields: string[] = [];
  let size = 2;
  for (let i = 0; size < OVERSIZE_CHARACTERS; i += 1) {
    const field = `a${i}: __typename `;
    fields.push(field);
    size += field.length;
  }
  return `{ ${fields.join('')}}`;
}
