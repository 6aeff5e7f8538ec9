import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Trust, Ward } from '@vv/domain/trusts';
import { startApiTestHarness } from '@vv/runtime/api';
import { prepareBenchTemplate } from './bench-database';

/**
 * `npm run bench`: books visits through the public GraphQL API (token check, roles, rules,
 * ward lock, visit + history + audit rows, one transaction each) and inserts the same rows
 * with bare SQL (one statement per visit, in the same tenant transaction wrapper), in the
 * same run on the same database server, and prints visits per second for each and the ratio.
 * Needs PostgreSQL at TEST_DATABASE_URL (default 127.0.0.1:5432). These machines are shared:
 * read the ratio, not the absolute numbers.
 */
const VISITS = Number(process.env.BENCH_VISITS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

let edId: string | undefined;
const dropTemplate = await prepareBenchTemplate(serverUrl);
const api = await startApiTestHarness({ LOG_LEVEL: 'silent' });
try {
  await api.loadDemoData();
  const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
  const trust = { trustId: rnq.id, odsCode: 'RNQ' };
  const ed = await api.db.inTrust(trust, (em) => em.findOneOrFail(Ward, { code: 'ED', hospital: { siteCode: 'RNQ01' } }));
  const base = Date.now() + 24 * 3600_000;
  const slot = (i: number, offsetDays: number) => new Date(base + offsetDays * 86_400_000 + i * 5 * 60_000).toISOString();
  await api.tokenFor('nurse.rnq@nhs.net');

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
      await client.query("select set_config('app.trust_id', $1, true), set_config('app.trust_ids', $1, true)", [trust.trustId]);
      await client.query('set local role vv_app');
      const start = new Date(slot(i, 60));
      await client.query(
        `insert into visit (trust_id, id, ward_id, patient_name, contact_name, contact_mobile, scheduled_start, length_minutes, scheduled_end, status, booked_by_staff_id, version)
         values ($1, $2, $3, 'Bench Patient', 'Bench Contact', '+447700900123', $4, 5, $5, 'booked', $6, 1)`,
        [trust.trustId, randomUUID(), ed.id, start, new Date(start.getTime() + 5 * 60_000), randomUUID()],
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
  await dropTemplate();
}

async function bookThroughApi(startAt: string): Promise<void> {
  const result = await api.as<{ bookVisit: { id: string } }>(
    'nurse.rnq@nhs.net',
    'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id } }',
    { input: { wardId: (await edWardId()), patientName: 'Bench Patient', contactName: 'Bench Contact', contactMobile: '07700900123', startAt, lengthMinutes: 5 } },
  );
  if (result.errors) throw new Error(`booking failed: ${result.errors.map((e) => e.extensions?.code).join()}`);
}

async function edWardId(): Promise<string> {
  if (!edId) {
    const wards = await api.as<{ wards: { id: string; code: string }[] }>('nurse.rnq@nhs.net', '{ wards { id code } }');
    edId = wards.data!.wards.find((w) => w.code === 'ED')!.id;
  }
  return edId;
}

async function runConcurrently(total: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await work(next++);
    }),
  );
}
