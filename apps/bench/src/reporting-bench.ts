import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import pg from 'pg';
import { graphqlEnumName } from '@vv/contracts';
import { TrustConfigurationService } from '@vv/domain/onboarding';
import { buildTenantConfig } from '@vv/domain/trusts/testing';
import { REBUILD_DAY_STATS_SQL, REPORT_SETTINGS_SQL, reportRowOf, reportStatement, visitStatsStatement, type RolledUpStatsSqlRow, type StatsBucket, type StatsGrouping, type VisitStatsStatement } from '@vv/domain/reporting';
import { Trust } from '@vv/domain/trusts';
import { PROCESS_CLOCK, startApiTestHarness } from '@vv/runtime/api-testing';
import { prepareBenchTemplate } from './bench-database';

/**
 * `npm run bench:reporting`: seeds visits (and their messages) across dozens of trusts with
 * bare SQL as the schema owner (the rollup triggers off, the daily rollups then built in one
 * pass, as the migration does), then times `visitStats` through the public GraphQL API
 * (token check, roles, tenant transaction with row-level security, place names, JSON)
 * against the raw aggregate: the report counted from the visits and messages themselves,
 * sent by a superuser, so without row-level security, naming the trusts in its WHERE clause.
 * It also times the rollup statement the API runs, sent the same way, to show what the API
 * adds. Same run, same server; prints the median and p95 of each and the ratio of the
 * medians, for the report shapes the console's charts use. 200,000 visits by default so it runs in a few minutes; BENCH_VISITS=1000000
 * for the full size. BENCH_TRUSTS and BENCH_RUNS change the rest; BENCH_REPORTING_INDEXES=off
 * leaves out the indexes reporting asks for; BENCH_EXPLAIN=true prints the plans (EXPLAIN
 * ANALYZE, BUFFERS) of the raw aggregate and of the rollup statement under row-level
 * security; BENCH_PROFILE_DIR=<dir> writes a CPU profile of
 * the process (the API and its client) over each shape's timed runs. These machines are
 * shared: read the ratio, not the absolute numbers.
 */
const VISITS = Number(process.env.BENCH_VISITS ?? 200_000);
const EXTRA_TRUSTS = Number(process.env.BENCH_TRUSTS ?? 40);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const GROUP = { code: 'UHN', name: 'University Hospitals of Northamptonshire' };
const RANGE = { from: '2025-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }; // two years, the longest report
const YEAR = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
const THIRTY_DAYS = { from: '2026-03-01T00:00:00Z', to: '2026-03-31T00:00:00+01:00' };
const ANALYST = 'group.analyst@nhs.net';
const STATS = `query Stats($from: DateTime!, $to: DateTime!, $groupBy: StatsGrouping!, $bucket: StatsBucket!, $acrossGroup: Boolean) {
  visitStats(from: $from, to: $to, groupBy: $groupBy, bucket: $bucket, acrossGroup: $acrossGroup) {
    bucketStart group { kind id code name } booked completed cancelled missed completionRate
    averageDurationSeconds medianDurationSeconds p90DurationSeconds messagesDelivered messagesFailed
  }
}`;

/**
 * The indexes reporting asks for (see the reporting library's report): visit (trust_id,
 * scheduled_start) carrying what the aggregate reads, and notification (trust_id, visit_id)
 * carrying the status, so both are read by index-only scans. Until the migration has them
 * the bench builds them as the owner would; once it has them, this changes nothing.
 */
const REPORTING_INDEXES = [
  {
    name: 'visit_trust_id_scheduled_start_index',
    present: `select count(*)::int as n from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'visit_trust_id_scheduled_start_index' and i.indnatts = 6`,
    create: [
      'drop index if exists "visit_trust_id_scheduled_start_index"',
      'create index "visit_trust_id_scheduled_start_index" on "visit" ("trust_id", "scheduled_start") include ("ward_id", "status", "duration_seconds", "id")',
    ],
  },
  {
    name: 'notification_trust_id_visit_id_index',
    present: `select count(*)::int as n from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'notification_trust_id_visit_id_index' and i.indnatts = 3`,
    create: [
      'drop index if exists "notification_trust_id_visit_id_index"',
      'create index "notification_trust_id_visit_id_index" on "notification" ("trust_id", "visit_id") include ("status")',
    ],
  },
];

/**
 * One trust's visits, spread at random over its wards and the two years: 60% completed
 * (5 to 95 minutes), 10% each cancelled, missed, booked and in progress.
 */
const SEED_VISITS = `
insert into visit (trust_id, id, ward_id, patient_name, contact_name, contact_mobile, scheduled_start, length_minutes, scheduled_end,
                   status, started_at, ended_at, duration_seconds, booked_by_staff_id, version)
select $1::uuid, gen_random_uuid(), x.ward_id, 'Bench Patient', 'Bench Contact', '+447700900123', x.start, 30, x.start + interval '30 minutes',
       x.status,
       case when x.status in ('completed', 'in_progress') then x.start end,
       case when x.status = 'completed' then x.start + x.duration * interval '1 second' end,
       case when x.status = 'completed' then x.duration end,
       '00000000-0000-4000-8000-000000000000'::uuid, 1
from (
  select w.ids[1 + floor(random() * cardinality(w.ids))::int] as ward_id,
         date_trunc('minute', $3::timestamptz + random() * ($4::timestamptz - $3::timestamptz)) as start,
         (array['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'cancelled', 'missed', 'booked', 'in_progress'])[1 + floor(random() * 10)::int] as status,
         (300 + floor(random() * 5400))::int as duration
  from generate_series(1, $2::int), (select array_agg(id) as ids from ward where trust_id = $1::uuid) w
) x`;

/** A booking confirmation by text for every visit (mostly delivered), and a "visit complete" email for each completed one. */
const SEED_MESSAGES = `
insert into notification (trust_id, id, visit_id, kind, channel, recipient_masked, status, send_after, for_visit_start, attempts, enqueue_count)
select v.trust_id, gen_random_uuid(), v.id, m.kind, m.channel, '07••• •••123',
       (array['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'permanent-failure', 'temporary-failure', 'sent'])[1 + floor(random() * 10)::int],
       v.scheduled_start, v.scheduled_start, 1, 1
from visit v
cross join lateral (values ('bookingConfirmation', 'sms', true), ('visitComplete', 'email', v.status = 'completed')) as m(kind, channel, wanted)
where v.trust_id = $1::uuid and m.wanted`;

const keepAlive = new Agent({ keepAlive: true });
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const dropTemplate = await prepareBenchTemplate(serverUrl);
const api = await startApiTestHarness({ LOG_LEVEL: 'silent' }, [], { clock: PROCESS_CLOCK });
// the sorts' memory the API gives a report (visit-stats.service.ts), so the raw aggregate sorts in memory too
const owner = new pg.Pool({ connectionString: api.database.ownerUrl, max: 2, options: '-c work_mem=64MB' });
// the application's login role: the rollup statement under row-level security, as the API sends it
const app = new pg.Pool({ connectionString: api.database.appUrl, max: 2, options: '-c work_mem=64MB' });
try {
  await api.loadDemoData();
  const configs = new TrustConfigurationService(api.db);
  for (let i = 0; i < EXTRA_TRUSTS; i += 1) {
    const ods = `B${String(i).padStart(2, '0')}`;
    // half join the demo group (the analyst's group reports span them), half stand alone
    await configs.apply(buildTenantConfig(ods, `Bench ${ods}`, { ...(i % 2 === 0 ? { group: GROUP } : {}), hospitals: benchHospitals(ods) }), { dryRun: false });
  }
  await api.refreshTrusts();
  const trusts = await api.db.platform((em) => em.find(Trust, {}, { populate: ['group'], orderBy: { odsCode: 'asc' } }));
  const groupTrustIds = trusts.filter((t) => t.group?.getEntity().code === GROUP.code).map((t) => t.id);
  console.log(`${trusts.length} trusts (${groupTrustIds.length} in ${GROUP.code}); seeding ${VISITS.toLocaleString('en-GB')} visits... (${elapsed()})`);

  const seedStarted = performance.now();
  await inParallel(trusts.map((t, i) => ({ trustId: t.id, visits: Math.floor(VISITS / trusts.length) + (i < VISITS % trusts.length ? 1 : 0) })), 2, async ({ trustId, visits }) => {
    const client = await owner.connect();
    try {
      // a bulk load: the rollup triggers stay off for it, and the rollups are built below in one pass
      await client.query("set session_replication_role = 'replica'");
      await client.query(SEED_VISITS, [trustId, visits, RANGE.from, RANGE.to]);
      await client.query(SEED_MESSAGES, [trustId]);
    } finally {
      await client.query("set session_replication_role = 'origin'");
      client.release();
    }
  });
  for (const statement of REBUILD_DAY_STATS_SQL) await owner.query(statement);
  if (process.env.BENCH_REPORTING_INDEXES !== 'off') {
    for (const index of REPORTING_INDEXES) {
      if ((await owner.query<{ n: number }>(index.present)).rows[0].n > 0) continue;
      for (const statement of index.create) await owner.query(statement);
      console.log(`built ${index.name} as reporting asks (the migration does not have it yet)`);
    }
  }
  await owner.query('vacuum (analyze) visit');
  await owner.query('vacuum (analyze) notification');
  await owner.query('vacuum (analyze) visit_day_stats');
  await owner.query('vacuum (analyze) message_day_stats');
  const counts = (await owner.query<{ visits: string; messages: string }>('select (select count(*) from visit) as visits, (select count(*) from notification) as messages')).rows[0];
  console.log(`seeded ${Number(counts.visits).toLocaleString('en-GB')} visits and ${Number(counts.messages).toLocaleString('en-GB')} messages in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (${elapsed()})`);

  const rnq = trusts.find((t) => t.odsCode === 'RNQ')!;
  await api.tokenFor(ANALYST);
  type Case = { label: string; range: { from: string; to: string }; groupBy: StatsGrouping; bucket: StatsBucket; acrossGroup: boolean; trustIds: string[] };
  const cases: Case[] = [
    { label: "one trust's year by ward and month", range: YEAR, groupBy: 'ward', bucket: 'month', acrossGroup: false, trustIds: [rnq.id] },
    { label: "one trust's 30 days by ward and day", range: THIRTY_DAYS, groupBy: 'ward', bucket: 'day', acrossGroup: false, trustIds: [rnq.id] },
    { label: `the group's (${groupTrustIds.length} trusts) year by trust and month`, range: YEAR, groupBy: 'trust', bucket: 'month', acrossGroup: true, trustIds: groupTrustIds },
    { label: "the group's two years by month", range: RANGE, groupBy: 'group', bucket: 'month', acrossGroup: false, trustIds: groupTrustIds },
  ];
  console.log(`\nvisitStats as the group analyst, median / p95 of ${RUNS} runs after a first run that checks both agree:`);
  for (const c of cases) {
    const variables = { ...c.range, groupBy: graphqlEnumName(c.groupBy), bucket: graphqlEnumName(c.bucket), acrossGroup: c.acrossGroup };
    const token = await api.tokenFor(ANALYST);
    const headers = { authorization: `Bearer ${token}`, 'x-trust': 'RNQ' };
    const throughApi = async () => {
      const result = JSON.parse(await send(`${api.url}/graphql`, headers, { query: STATS, variables })) as { data?: { visitStats: { booked: number }[] }; errors?: { extensions?: { code?: string } }[] };
      if (result.errors) throw new Error(`visitStats failed: ${result.errors.map((e) => e.extensions?.code).join()}`);
      return result.data!.visitStats;
    };
    const bare = () => bareStatement(visitStatsStatement(c.groupBy, c.bucket), c, c.trustIds);
    const bareRollups = () => bareStatement(reportStatement(c.groupBy, c.bucket, rangeOf(c)), c, c.trustIds);
    // the rollup statement's rows with their durations' numbers read off the histograms, as the API does
    const [apiRows, sqlRows, rollupRows] = [await throughApi(), await bare(), (await bareRollups()).map((row) => reportRowOf(row as unknown as RolledUpStatsSqlRow))];
    const total = (rows: { booked: number }[]) => rows.reduce((sum, r) => sum + Number(r.booked), 0);
    if (apiRows.length !== sqlRows.length || total(apiRows) !== total(sqlRows)) throw new Error(`${c.label}: the API and bare SQL disagree`);
    if (JSON.stringify(rollupRows) !== JSON.stringify(sqlRows)) throw new Error(`${c.label}: the rollups and the visits disagree`);
    const asCsv = async () => {
      const query = new URLSearchParams({ from: c.range.from, to: c.range.to, groupBy: c.groupBy, bucket: c.bucket, acrossGroup: String(c.acrossGroup) });
      return send(`${api.url}/reports/visit-stats.csv?${query}`, headers);
    };
    if ((await asCsv()).split('\r\n').length !== apiRows.length + 2) throw new Error(`${c.label}: the CSV and the API disagree`);
    if (process.env.BENCH_EXPLAIN === 'true') {
      console.log(`\n  ${c.label}: EXPLAIN (ANALYZE, BUFFERS) of the raw aggregate (no row-level security):`);
      console.log(await explained(owner, visitStatsStatement(c.groupBy, c.bucket), c, c.trustIds, false));
      console.log(`\n  ${c.label}: EXPLAIN (ANALYZE, BUFFERS) of the rollup statement, as the application role under row-level security:`);
      console.log(await explained(app, reportStatement(c.groupBy, c.bucket, rangeOf(c)), c, c.trustIds, true));
    }
    // interleaved, so a busy moment on the machine falls on both
    const apiTimes: number[] = [];
    const csvTimes: number[] = [];
    const sqlTimes: number[] = [];
    const rollupTimes: number[] = [];
    const appTimes: number[] = [];
    const floorTimes: number[] = [];
    const profiler = process.env.BENCH_PROFILE_DIR ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    for (let run = 0; run < RUNS; run += 1) {
      apiTimes.push(await timed(throughApi));
      csvTimes.push(await timed(asCsv));
      sqlTimes.push(await timed(bare));
      rollupTimes.push(await timed(bareRollups));
      appTimes.push(await timed(() => appStatement(reportStatement(c.groupBy, c.bucket, rangeOf(c)), c, c.trustIds)));
      floorTimes.push(await timed(() => send(`${api.url}/graphql`, headers, { query: '{ __typename }' })));
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(join(process.env.BENCH_PROFILE_DIR!, `reporting-${c.groupBy}-${c.bucket}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
      profiler.disconnect();
    }
    const show = (times: number[]) => `${quantile(times, 0.5).toFixed(1).padStart(8)} / ${quantile(times, 0.95).toFixed(1).padStart(8)} ms`;
    console.log(`  ${c.label}: ${total(apiRows).toLocaleString('en-GB')} visits in ${apiRows.length.toLocaleString('en-GB')} rows`);
    console.log(`    through the GraphQL API:        ${show(apiTimes)}`);
    console.log(`    as CSV over HTTP:               ${show(csvTimes)}`);
    console.log(`    raw aggregate, no row security: ${show(sqlTimes)}`);
    console.log(`    rollup statement, no row sec.:  ${show(rollupTimes)}`);
    console.log(`    rollup statement, row security: ${show(appTimes)} (as the application role, in its transaction)`);
    console.log(`    the API's floor, { __typename }: ${show(floorTimes)} (HTTP, token, GraphQL; no resolver, no database)`);
    console.log(`    ratio (API / raw, medians):     ${(quantile(apiTimes, 0.5) / quantile(sqlTimes, 0.5)).toFixed(2).padStart(8)}`);
    console.log(`    ratio (API / rollup statement): ${(quantile(apiTimes, 0.5) / quantile(rollupTimes, 0.5)).toFixed(2).padStart(8)}`);
  }
  console.log(`\ndone in ${elapsed()}`);
} finally {
  keepAlive.destroy();
  await owner.end();
  await app.end();
  await api.close();
  await dropTemplate();
}

/** A case's range as the API takes it. */
function rangeOf(report: { range: { from: string; to: string } }): { from: Date; to: Date } {
  return { from: new Date(report.range.from), to: new Date(report.range.to) };
}

/**
 * A report statement sent by the schema owner (a superuser here, so row-level security does
 * not apply) with the trusts named in its WHERE clause only, in a transaction with the
 * settings the API gives a report (memory, no JIT), so the raw aggregate is timed at its best.
 */
async function bareStatement(statement: VisitStatsStatement, report: { range: { from: string; to: string } }, trustIds: string[]): Promise<{ booked: number }[]> {
  let n = 0;
  const sql = statement.sql.replace(/\?/g, () => `$${(n += 1)}`);
  const client = await owner.connect();
  try {
    await client.query(`begin read only; ${REPORT_SETTINGS_SQL}`);
    const result = await client.query<{ booked: number }>(sql, statement.params({ trustIds, ...rangeOf(report) }));
    await client.query('commit');
    return result.rows;
  } finally {
    client.release();
  }
}

/** The rollup statement as the API sends it: the application role, the trust settings, row-level security, one transaction. */
async function appStatement(statement: VisitStatsStatement, report: { range: { from: string; to: string } }, trustIds: string[]): Promise<void> {
  let n = 0;
  const sql = statement.sql.replace(/\?/g, () => `$${(n += 1)}`);
  const client = await app.connect();
  try {
    await client.query(`begin read only; select set_config('role', 'vv_app', true), set_config('app.trust_id', '', true), set_config('app.trust_ids', '${trustIds.join(',')}', true); ${REPORT_SETTINGS_SQL}`);
    await client.query(sql, statement.params({ trustIds, ...rangeOf(report) }));
    await client.query('commit');
  } finally {
    client.release();
  }
}

/** The plan of a report statement as it ran, indented; as the application role in its transaction when `asApp`. */
async function explained(pool: pg.Pool, statement: VisitStatsStatement, report: { range: { from: string; to: string } }, trustIds: string[], asApp: boolean): Promise<string> {
  let n = 0;
  const sql = statement.sql.replace(/\?/g, () => `$${(n += 1)}`);
  const client = await pool.connect();
  try {
    await client.query(`begin read only; ${REPORT_SETTINGS_SQL}`);
    if (asApp) await client.query(`select set_config('role', 'vv_app', true), set_config('app.trust_id', '', true), set_config('app.trust_ids', '${trustIds.join(',')}', true)`);
    const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, statement.params({ trustIds, ...rangeOf(report) }));
    await client.query('commit');
    return plan.rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n');
  } finally {
    client.release();
  }
}

/** A GET (or, with a body, a JSON POST) through node:http; the answer's text, or an error naming the status. */
function send(url: string, headers: Record<string, string>, body?: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method: payload ? 'POST' : 'GET', agent: keepAlive, headers: payload ? { ...headers, 'content-type': 'application/json' } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`${url.split('?')[0]} answered ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}

function quantile(times: readonly number[], q: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function benchHospitals(ods: string) {
  const ward = (code: string, name: string) => ({ code, name, visitingHours: { everyDay: ['00:00-24:00'] }, defaultVisitMinutes: 30, maxConcurrentVisits: 4 });
  return [1, 2].map((site) => ({
    siteCode: `${ods}0${site}`,
    name: `Bench ${ods} Hospital ${site}`,
    wards: [ward('ED', 'Emergency Department'), ward('ICU', 'Critical Care Unit'), ward('STROKE', 'Stroke Unit'), ward('W1', 'Ward One')],
  }));
}
