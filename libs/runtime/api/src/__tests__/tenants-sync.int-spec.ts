import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AuditEvent } from '@vv/domain/audit';
import { syncTenantDirectory, formatChange } from '@vv/domain/onboarding';
import { Hospital, TenantConfigInvalidError, Trust, Ward, WardFeatureFlag } from '@vv/domain/trusts';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT: the suite's clock, held still

const run = promisify(execFile);
let api: ApiTestHarness;
let folder: string;

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => NOW });
});
afterAll(() => api?.close());
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'tenants-'));
  cpSync('tenants', folder, { recursive: true });
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

async function counts() {
  const trusts = await api.db.platform((em) => em.count(Trust, {}));
  const wards = await api.db.acrossTrusts(await trustIds(), (em) => em.count(Ward, {})).catch(() => 0);
  return { trusts, wards };
}

async function trustIds(): Promise<string[]> {
  return api.db.platform(async (em) => (await em.find(Trust, {})).map((t) => t.id));
}

describe('tenants:sync', () => {
  it('loads the demo trusts, then changes nothing when run again', async () => {
    const first = await syncTenantDirectory(api.db, folder, { dryRun: false });
    expect(first.trusts).toBe(3);
    expect(first.changes.length).toBeGreaterThan(50);
    const second = await syncTenantDirectory(api.db, folder, { dryRun: false });
    expect(second.changes).toEqual([]);
    const odsCodes = await api.db.platform(async (em) => (await em.find(Trust, {}, { orderBy: { odsCode: 'asc' } })).map((t) => t.odsCode));
    expect(odsCodes).toEqual(['R1K', 'RNQ', 'RNS']);
  });

  it('shows a change in a dry run without writing it, then applies it and audits it', async () => {
    await syncTenantDirectory(api.db, folder, { dryRun: false });
    const file = join(folder, 'RNQ', 'trust.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('maxConcurrentVisits: 4', 'maxConcurrentVisits: 5'));
    const before = await counts();
    const dry = await syncTenantDirectory(api.db, folder, { dryRun: true });
    expect(dry.changes.map(formatChange)).toEqual(['~ RNQ ward RNQ01/ED maxConcurrentVisits: 4 -> 5']);
    expect(await counts()).toEqual(before);
    const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    const ed = () => api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, (em) => em.findOneOrFail(Ward, { code: 'ED', hospital: { siteCode: 'RNQ01' } }));
    expect((await ed()).maxConcurrentVisits).toBe(4);
    const audits = () => api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, (em) => em.count(AuditEvent, {}));
    const auditsBefore = await audits();
    await syncTenantDirectory(api.db, folder, { dryRun: false });
    expect((await ed()).maxConcurrentVisits).toBe(5);
    expect(await audits()).toBe(auditsBefore + 1);
  });

  it('archives a ward that leaves the document and drops a removed flag override', async () => {
    await syncTenantDirectory(api.db, folder, { dryRun: false });
    const file = join(folder, 'RNQ', 'trust.yaml');
    const text = readFileSync(file, 'utf8');
    // remove the ED's rebook override, and the whole maternity ward
    const edited = text.replace('          rebook: false\n', '').replace(/      - code: MAT[\s\S]*?(?=\n  - siteCode|\n      - code)/, '');
    writeFileSync(file, edited);
    const result = await syncTenantDirectory(api.db, folder, { dryRun: false });
    const lines = result.changes.map(formatChange);
    expect(lines).toEqual(expect.arrayContaining(['- RNQ ward RNQ01/ED flag rebook (was false)']));
    expect(lines.some((l) => /^- RNQ ward RNQ01\/\S+: active -> archived$/.test(l))).toBe(true);
    const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    const overrides = await api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, (em) => em.find(WardFeatureFlag, { flag: 'rebook', ward: { code: 'ED' } }));
    expect(overrides).toEqual([]);
  });

  it('archives a hospital that leaves the document with its wards, and refuses an archived hospital that keeps an active ward', async () => {
    await syncTenantDirectory(api.db, folder, { dryRun: false });
    const file = join(folder, 'RNQ', 'trust.yaml');
    const text = readFileSync(file, 'utf8');
    // Nene Park (RNQ02) is the last hospital in the document
    writeFileSync(file, text.slice(0, text.indexOf('  - siteCode: RNQ02')));
    const result = await syncTenantDirectory(api.db, folder, { dryRun: false });
    expect(result.changes.map(formatChange).sort()).toEqual(['- RNQ hospital RNQ02: active -> archived', '- RNQ ward RNQ02/DAY-UNIT: active -> archived', '- RNQ ward RNQ02/REHAB: active -> archived']);
    const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    const nenePark = await api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, (em) => em.findOneOrFail(Hospital, { siteCode: 'RNQ02' }));
    expect(nenePark.status).toBe('archived');
    expect((await syncTenantDirectory(api.db, folder, { dryRun: false })).changes).toEqual([]);

    writeFileSync(file, text.replace('    name: Nene Park\n', '    name: Nene Park\n    status: archived\n').replace(/(      - code: REHAB\n.*\n)/, '$1        status: archived\n'));
    const before = await counts();
    await expect(syncTenantDirectory(api.db, folder, { dryRun: false })).rejects.toThrow(/RNQ\/trust\.yaml: hospitals\.1\.wards\.1\.status: must be archived: its hospital is archived/);
    expect(await counts()).toEqual(before);
  });

  it('rejects a malformed file naming the file and field, and writes nothing at all', async () => {
    const file = join(folder, 'RNS', 'trust.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('retentionDays: 60', 'retentionDays: sixty').replace('defaultVisitMinutes: 30', 'defaultVisitMinutes: 0'));
    const before = await counts();
    let problems: string[] = [];
    try {
      await syncTenantDirectory(api.db, folder, { dryRun: false });
    } catch (error) {
      problems = String((error as Error).message).split('\n');
      expect(error).toBeInstanceOf(TenantConfigInvalidError);
    }
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/RNS\/trust\.yaml: retentionDays: /), expect.stringMatching(/RNS\/trust\.yaml: hospitals\.\d+\.wards\.\d+\.defaultVisitMinutes: /)]),
    );
    expect(await counts()).toEqual(before);
  });

  it('rejects YAML that does not parse, naming the file and line', async () => {
    writeFileSync(join(folder, 'R1K', 'trust.yaml'), 'odsCode: R1K\nname: [unclosed\n');
    await expect(syncTenantDirectory(api.db, folder, { dryRun: true })).rejects.toThrow(/R1K\/trust\.yaml: line \d+: is not valid YAML/);
  });

  it('a dry run on a new database reports exactly what the real run then does (a shared group counted once)', async () => {
    const fresh = await startApiTestHarness({}, [], { clock: () => NOW });
    try {
      const dry = await syncTenantDirectory(fresh.db, folder, { dryRun: true });
      const real = await syncTenantDirectory(fresh.db, folder, { dryRun: false });
      expect(dry.changes.map(formatChange)).toEqual(real.changes.map(formatChange));
      expect(dry.changes.filter((c) => c.target === 'group UHN')).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });

  describe('who owns a trust: changes through the API are never silently undone', () => {
    const ADMIN = 'trust.admin@kgh.nhs.uk';
    let wards: Record<string, string>;
    beforeAll(async () => {
      await api.loadDemoData();
      const result = await api.as<{ wards: { id: string; code: string }[] }>(ADMIN, '{ wards { id code } }');
      wards = Object.fromEntries(result.data!.wards.map((w) => [w.code, w.id]));
    });
    const edOverrides = async () => {
      const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
      return api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, async (em) => (await em.find(WardFeatureFlag, { ward: { code: 'ED' } })).map((f) => `${f.flag}=${f.enabled}`).sort());
    };

    it('leaves a trust changed through the API alone, shows the conflict, and overwrites it only with force', async () => {
      await syncTenantDirectory(api.db, folder, { dryRun: false });
      expect(await edOverrides()).toContain('rebook=false');
      // a trust admin removes the ward's override through the API
      const removed = await api.as(ADMIN, 'mutation($ward: ID!) { setWardFeatureFlag(wardId: $ward, flag: REBOOK, enabled: null) { flag } }', { ward: wards.ED });
      expect(removed.errors).toBeUndefined();

      const dry = await syncTenantDirectory(api.db, folder, { dryRun: true });
      const real = await syncTenantDirectory(api.db, folder, { dryRun: false });
      for (const result of [dry, real]) {
        expect(result.changes).toEqual([]);
        expect(result.conflicts.map((c) => ({ trust: c.trust, changes: c.changes.map(formatChange) }))).toEqual([{ trust: 'RNQ', changes: ['+ RNQ ward RNQ01/ED flag rebook: false'] }]);
      }
      expect(await edOverrides()).not.toContain('rebook=false');

      // the command line says so, and fails, so a pipeline notices
      const cli = await run(process.execPath, ['dist/apps/cli/src/main.js', 'tenants:sync', '--dir', folder], { env: { ...process.env, DATABASE_URL: api.database.appUrl, NODE_ENV: 'test' } }).catch((error: { code: number; stdout: string }) => error);
      expect('code' in cli && cli.code).toBe(3);
      expect(cli.stdout).toMatch(/! RNQ was changed through the API at .*, after its last sync; its document would change:\n {4}\+ RNQ ward RNQ01\/ED flag rebook: false/);
      expect(cli.stdout).toContain('or run with --force to overwrite them');

      const forced = await syncTenantDirectory(api.db, folder, { dryRun: false, force: true });
      expect(forced.changes.map(formatChange)).toEqual(['+ RNQ ward RNQ01/ED flag rebook: false']);
      expect(await edOverrides()).toContain('rebook=false');
    });

    it('once the document takes in the API change, the two agree and later edits of the document apply again', async () => {
      await syncTenantDirectory(api.db, folder, { dryRun: false, force: true });
      await api.as(ADMIN, 'mutation($ward: ID!) { setWardFeatureFlag(wardId: $ward, flag: REBOOK, enabled: null) { flag } }', { ward: wards.ED });
      const file = join(folder, 'RNQ', 'trust.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('          rebook: false\n', ''));
      const agreed = await syncTenantDirectory(api.db, folder, { dryRun: false });
      expect(agreed).toMatchObject({ changes: [], conflicts: [] });
      writeFileSync(file, readFileSync(file, 'utf8').replace('maxConcurrentVisits: 4', 'maxConcurrentVisits: 6'));
      const later = await syncTenantDirectory(api.db, folder, { dryRun: false });
      expect(later.conflicts).toEqual([]);
      expect(later.changes.map(formatChange)).toEqual(['~ RNQ ward RNQ01/ED maxConcurrentVisits: 4 -> 6']);
    });
  });

  it('runs from the command line: `tenants:sync --dry-run` prints the difference', async () => {
    const { stdout } = await run(process.execPath, ['dist/apps/cli/src/main.js', 'tenants:sync', '--dry-run', '--dir', folder], {
      env: { ...process.env, DATABASE_URL: api.database.appUrl, NODE_ENV: 'test' },
    });
    expect(stdout).toMatch(/3 trusts checked; (would change \d+ settings|nothing to change)\./);
  });
});
