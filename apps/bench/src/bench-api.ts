import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { Trust, Ward } from '@vv/domain/trusts';
import { DEMO_TENANTS, seedDemoStaff, type DemoStaffMember } from '@vv/demo';
import { syncTenantDirectory } from '@vv/domain/onboarding';
import { PROCESS_CLOCK, startApiTestHarness } from '@vv/runtime/api-testing';

/**
 * The API under benchmark, as a process of its own (forked by `npm run bench`): a real API
 * on a database copied from the bench template, with BENCH_TRUSTS trusts of BENCH_WARDS
 * wards each (copies of RNQ's configuration, every ward open round the clock) and one nurse
 * per ward. Tells its parent the API's address, each ward's nurse token and the database
 * the bare transactions use; answers `stats` with the SQL statements sent so far.
 */
export interface BenchWard {
  trustId: string;
  wardId: string;
  token: string;
}

export interface BenchApiReady {
  kind: 'ready';
  url: string;
  appUrl: string;
  wards: BenchWard[];
}

const TRUSTS = Number(process.env.BENCH_TRUSTS ?? 24);
const WARDS = Number(process.env.BENCH_WARDS ?? 8);

const tenants = mkdtempSync(join(tmpdir(), 'vv-bench-tenants-'));
const template = YAML.parse(readFileSync('tenants/RNQ/trust.yaml', 'utf8')) as Record<string, unknown>;
const trusts = Array.from({ length: TRUSTS }, (_, t) => `B${String(t).padStart(2, '0')}`);
const nurses: DemoStaffMember[] = [];
for (const [t, ods] of trusts.entries()) {
  const { group: _group, ...rest } = template;
  const wards = Array.from({ length: WARDS }, (_, w) => ({
    code: `W${w + 1}`,
    name: `Ward ${w + 1}`,
    visitingHours: { everyDay: ['00:00-24:00'] },
    defaultVisitMinutes: 5,
    maxConcurrentVisits: 4,
  }));
  const trust = { ...rest, odsCode: ods, name: `Bench Trust ${ods}`, hospitals: [{ siteCode: `${ods}01`, name: `Bench Hospital ${ods}`, wards }] };
  mkdirSync(join(tenants, ods));
  writeFileSync(join(tenants, ods, 'trust.yaml'), YAML.stringify(trust));
  for (let w = 0; w < WARDS; w++) {
    const n = t * WARDS + w;
    nurses.push({
      email: `bench.nurse.${n}@nhs.net`,
      displayName: `Bench Nurse ${n}`,
      tenantId: DEMO_TENANTS.nhsmail,
      objectId: `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      roles: [{ role: 'ward_staff', at: { trust: ods, ward: `${ods}01/W${w + 1}` } }],
    });
  }
}

const api = await startApiTestHarness({ LOG_LEVEL: 'silent' }, nurses, { clock: PROCESS_CLOCK });
try {
  await syncTenantDirectory(api.db, tenants, { dryRun: false });
  await seedDemoStaff(api.db, nurses);
  await api.refreshTrusts();
  const wards: BenchWard[] = [];
  for (const ods of trusts) {
    const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: ods }));
    const rows = await api.db.inTrust({ trustId: trust.id, odsCode: ods }, (em) => em.find(Ward, {}, { orderBy: { code: 'asc' } }));
    for (const ward of rows) {
      const nurse = nurses.find((n) => n.roles.some((r) => 'ward' in r.at && r.at.ward === `${ods}01/${ward.code}`))!;
      wards.push({ trustId: trust.id, wardId: ward.id, token: await api.tokenFor(nurse.email) });
    }
  }
  process.send!({ kind: 'ready', url: api.url, appUrl: api.database.appUrl, wards } satisfies BenchApiReady);
} catch (error) {
  rmSync(tenants, { recursive: true, force: true });
  await api.close();
  throw error;
}

// BENCH_PROFILE_DIR: a CPU profile of the measured bookings only (not the seeding), between profile-start and profile-stop
const profiler = process.env.BENCH_PROFILE_DIR ? new Session() : undefined;
profiler?.connect();

process.on('message', (message: { kind: string }) => {
  if (message.kind === 'profile-start' && profiler) void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
  if (message.kind === 'profile-stop' && profiler) {
    void profiler.post('Profiler.stop').then(({ profile }) => {
      writeFileSync(join(process.env.BENCH_PROFILE_DIR!, `bench-api-${Date.now()}.cpuprofile`), JSON.stringify(profile));
      process.send!({ kind: 'profiled' });
    });
  }
  if (message.kind === 'stats') process.send!({ kind: 'stats', statements: api.statements.count });
  if (message.kind === 'stop') {
    rmSync(tenants, { recursive: true, force: true });
    void api.close().then(() => process.exit(0));
  }
});
