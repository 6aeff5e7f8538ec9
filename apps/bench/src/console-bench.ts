import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { startApiTestHarness } from '@vv/runtime/api-testing';
import { CALLER_RESOLVER, requireActiveTrust, type CallerResolver } from '@vv/platform/access';
import { readWardList, TrustService } from '@vv/domain/trusts';
import { readVisitList, VISIT_MESSAGES, VisitListView, VisitService, type VisitMessages } from '@vv/domain/visits';
import { auditRow, writeAuditRow } from '@vv/domain/audit';
import { loadConsoleConfig, startStaffConsole } from '@vv/web/console';
import { prepareBenchTemplate } from './bench-database';

/**
 * `npm run bench:console`: the ward's day page of the staff console for a ward with 40
 * visits today, rendered by the console from the real API on a real PostgreSQL database,
 * signed in through the built-in identity provider. Counts the GraphQL requests the page
 * makes (through a counting proxy in front of the API) and prints the page's p50 and p95
 * beside two baselines timed in the same run: the page's own GraphQL request sent straight to
 * the API (what its data costs), and a console page with no data (what a page costs).
 * The target: one GraphQL request, p95 under 150 ms on these (shared) machines.
 */
const VISITS = 40;
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 20);
const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
// Wednesday 10 June 2026, five past midnight in London: the whole day ahead is the ward's day.
const clock = () => new Date('2026-06-09T23:05:00Z');

const dropTemplate = await prepareBenchTemplate(serverUrl);
const api = await startApiTestHarness({ LOG_LEVEL: 'silent' }, [], { clock });
let graphqlRequests = 0;
/** The page's last GraphQL request as the console sent it, to time the same request straight to the API. */
let lastRequest: { body: string; headers: Record<string, string> } | undefined;
const proxy = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (req.url === '/graphql') {
      graphqlRequests += 1;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
      lastRequest = { body: body.toString('utf8'), headers };
    }
    const target = new URL(api.url);
    const forward = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.end(body);
  });
});
try {
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  await api.loadDemoData();
  const wards = await api.as<{ wards: { id: string; code: string }[] }>('nurse.rnq@nhs.net', '{ wards { id code } }');
  const ed = wards.data!.wards.find((w) => w.code === 'ED')!;
  for (let i = 0; i < VISITS; i += 1) {
    const booked = await api.as('nurse.rnq@nhs.net', 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
      input: { wardId: ed.id, patientName: `Patient ${i + 1}`, contactName: `Contact ${i + 1}`, contactMobile: '07700900123', startAt: new Date(Date.parse('2026-06-09T23:30:00Z') + i * 30 * 60_000).toISOString(), lengthMinutes: 20 },
    });
    if (!booked.data) throw new Error(`booking ${i + 1} failed: ${JSON.stringify(booked.errors)}`);
  }

  const clientId = 'console-bench';
  const clientSecret = randomBytes(24).toString('base64url');
  const running = await startStaffConsole({
    config: loadConsoleConfig({
      NODE_ENV: 'test',
      WEB_PORT: '0',
      API_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      ENTRA_SIGN_IN_AUTHORITY: api.identityProvider.signInAuthority,
      WEB_CLIENT_ID: clientId,
      WEB_CLIENT_SECRET: clientSecret,
      ENTRA_API_SCOPE: 'api://virtual-visits-local/access_as_user',
      WEB_IDLE_MINUTES: '720',
    }),
    clock,
  });
  api.identityProvider.registerClient({ clientId, clientSecret, redirectUris: [`${running.url}/auth/callback`] });
  try {
    const cookie = await signIn(running.url, 'Nia Roberts (RNQ ED nurse)');
    const pageUrl = `${running.url}/?ward=${ed.id}`;
    const first = await (await fetch(pageUrl, { headers: { cookie } })).text();
    const rows = first.match(/<tr role="row" class="nhsuk-table__row">/g)?.length ?? 0;
    if (rows !== VISITS) throw new Error(`the ward's day shows ${rows} visits, not ${VISITS}`);

    const page = (url: string) => async () => {
      const response = await fetch(url, { headers: { cookie } });
      await response.text();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    };
    // the same GraphQL request the page makes, straight to the API: what the page costs on top of its data
    const request = lastRequest!;
    const sameRequest = async () => {
      const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: request.headers, body: request.body });
      const answer = (await response.json()) as { errors?: unknown };
      if (answer.errors) throw new Error(`the API answered ${JSON.stringify(answer.errors)}`);
    };
    const before = graphqlRequests;
    const wardDay = await timed(page(pageUrl), 'page');
    const perPage = (graphqlRequests - before) / (WARM_UP + PAGES);
    const data = await timed(sameRequest, 'api');
    // what any GraphQL request costs here (HTTP, Apollo, the client), whatever it asks for
    const noData = await timed(async () => {
      const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: request.headers, body: JSON.stringify({ query: '{ __typename }' }) });
      await response.json();
    });
    // the same data without HTTP, GraphQL or the token: the two services the request's fields call, for the same caller
    const caller = (await api.appGet<CallerResolver>(CALLER_RESOLVER).resolve({ headers: request.headers }))!;
    const active = requireActiveTrust(caller);
    const { variables } = JSON.parse(request.body) as { variables: { wardId: string; view: VisitListView } };
    const [trusts, visits, messages] = [api.appGet<TrustService>(TrustService), api.appGet<VisitService>(VisitService), api.appGet<VisitMessages>(VISIT_MESSAGES)];
    const services = await timed(async () => {
      await Promise.all([trusts.wards(caller, {}), visits.list(caller, { wardId: variables.wardId, view: variables.view }, { first: 100 }, { personalData: true, messages: true })]);
    });
    // and the statements those send (each service's transaction), straight through the data layer: what the database allows
    const statements = await timed(async () => {
      await Promise.all([
        api.db.inTrustSql(active, (sql) => readWardList(sql, { trustId: active.trustId, scope: { kind: 'all' }, includeArchived: false })),
        api.db.inTrustSql(active, async (sql) => {
          const rows = await readVisitList(sql, { trustId: active.trustId, scope: { kind: 'all' }, wardId: variables.wardId, view: variables.view, now: clock(), descending: false, limit: 101, history: false, messagesSql: messages.summariesSql('v') });
          await writeAuditRow(sql, active.trustId, auditRow({ trustId: active.trustId, actorStaffId: caller.staffId, action: 'visit.personal_data_read', targetType: 'visit_list', outcome: 'success', detail: { visits: rows.length } }));
        }),
      ]);
    });
    const staticPage = await timed(page(`${running.url}/accessibility`));
    console.log(`\nThe ward's day, ${VISITS} visits, ${PAGES} times each after ${WARM_UP} to warm up (ms):`);
    console.log(`  ${'what'.padEnd(48)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p95 ratio'.padStart(10)} ${'CPU each'.padStart(9)}`);
    for (const [name, t] of [
      ["the ward's day page", wardDay],
      ['its GraphQL request, straight to the API', data],
      ['a GraphQL request with no data ({ __typename })', noData],
      ['its two services, called in process', services],
      ['their SQL statements, through the data layer', statements],
      ['a page with no data (accessibility)', staticPage],
    ] as const) {
      console.log(`  ${name.padEnd(48)} ${t.p50.toFixed(1).padStart(7)} ${t.p95.toFixed(1).padStart(7)} ${(t.p95 / data.p95).toFixed(2).padStart(9)}× ${t.cpu.toFixed(1).padStart(9)}`);
    }
    console.log(`  (CPU each: this process's CPU time per request in ms, the API, the console and the client together; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    console.log(`  GraphQL requests per page: ${perPage} (target: 1; p95 under 150 ms)`);
    if (perPage !== 1) process.exitCode = 1;
  } finally {
    await running.close();
  }
} finally {
  proxy.close();
  await api.close();
  await dropTemplate();
}

/**
 * Runs `work` WARM_UP times, then PAGES times timed, one after another; p50 and p95 in ms, and
 * this process's CPU per run. With BENCH_PROFILE_DIR=<dir> and a `profile` name, writes a V8 CPU
 * profile of the timed runs there (the API and the console run in this process; the profiler
 * slows them, so compare timings from runs without it).
 */
async function timed(work: () => Promise<void>, profile?: string): Promise<{ p50: number; p95: number; cpu: number }> {
  for (let i = 0; i < WARM_UP; i += 1) await work();
  const profiler = process.env.BENCH_PROFILE_DIR && profile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const cpuBefore = process.cpuUsage();
  const times: number[] = [];
  for (let i = 0; i < PAGES; i += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  const cpu = process.cpuUsage(cpuBefore);
  if (profiler) {
    const { profile: taken } = await profiler.post('Profiler.stop');
    writeFileSync(join(process.env.BENCH_PROFILE_DIR!, `console-bench-${profile}-${Date.now()}.cpuprofile`), JSON.stringify(taken));
    profiler.disconnect();
  }
  return { p50: at(0.5), p95: at(0.95), cpu: (cpu.user + cpu.system) / 1000 / PAGES };
}

/** Signs in as a person would, without a browser: follows the console and the provider's pages. */
async function signIn(consoleUrl: string, displayName: string): Promise<string> {
  const start = await fetch(`${consoleUrl}/sign-in`, { redirect: 'manual' });
  let cookie = (start.headers.get('set-cookie') ?? '').split(';')[0];
  const loginPage = await fetch(start.headers.get('location')!);
  const html = await loginPage.text();
  const form = [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].find(([, , body]) => body.includes(escapeHtml(displayName)));
  if (!form) throw new Error(`no ${displayName} on the sign-in page`);
  const fields = new URLSearchParams([...form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name, unescapeHtml(value)] as [string, string]));
  const chosen = await fetch(new URL(form[1], loginPage.url), { method: 'POST', body: fields, redirect: 'manual' });
  const callback = await fetch(chosen.headers.get('location')!, { headers: { cookie }, redirect: 'manual' });
  cookie = (callback.headers.get('set-cookie') ?? cookie).split(';')[0];
  if (callback.status !== 303) throw new Error(`sign-in ended with ${callback.status}`);
  return cookie;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('(', '(').replaceAll('"', '&quot;');
}

function unescapeHtml(text: string): string {
  return text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}
