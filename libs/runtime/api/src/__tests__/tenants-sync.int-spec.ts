import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AuditEvent } from '@vv/domain/audit';
import { syncTenantDirectory, formatChange } from '@vv/domain/onboarding';
import { TenantConfigInvalidError, Trust, Ward, WardFeatureFlag } from '@vv/domain/trusts';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

const run = promisify(execFile);
let api: ApiTestHarness;
let folder: string;

beforeAll(async () => {
  api = await startApiTestHarness();
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

  it('runs from the command line: `tenants:sync --dry-run` prints the difference', async () => {
    const { stdout } = await run(process.execPath, ['dist/apps/cli/src/main.js', 'tenants:sync', '--dry-run', '--dir', folder], {
      env: { ...process.env, DATABASE_URL: api.database.appUrl, NODE_ENV: 'test' },
    });
    expect(stdout).toMatch(/3 trusts checked; (would change \d+ settings|nothing to change)\./);
  });
});
