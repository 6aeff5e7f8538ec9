import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { APP_ROLE, createOrmConfig } from '@vv/platform/database';
import { buildAbility, type Caller } from '@vv/platform/access';
import { audit, AuditEvent, PlatformAuditEvent } from '@vv/domain/audit';
import { domainEntities } from '@vv/domain/entities';
import { TrustConfigurationService } from '@vv/domain/onboarding';
import { buildTenantConfig } from '@vv/domain/trusts/testing';
import { Hospital, TrustFeatureFlag, TrustService, Ward, WardFeatureFlag } from '@vv/domain/trusts';
import { Invitation, RoleAssignment, StaffMember } from '@vv/domain/staff';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT: the suite's clock, held still

/**
 * Two trusts whose every name carries a canary. Nothing of one may ever be visible from
 * the other, whichever way the data is read: services, the ORM, raw SQL, or no tenant at all.
 */
const ALPHA = 'CANARYALPHA';
const BRAVO = 'CANARYBRAVO';

let harness: ApiTestHarness;
let alpha: { trustId: string; odsCode: string };
let bravo: { trustId: string; odsCode: string };

const TRUST_OWNED = [Hospital, Ward, TrustFeatureFlag, WardFeatureFlag, RoleAssignment, Invitation, AuditEvent] as const;

beforeAll(async () => {
  harness = await startApiTestHarness({}, [], { clock: () => NOW });
  const configs = new TrustConfigurationService(harness.db);
  alpha = { trustId: (await configs.apply(buildTenantConfig('AAA', ALPHA), { dryRun: false })).trustId, odsCode: 'AAA' };
  bravo = { trustId: (await configs.apply(buildTenantConfig('BBB', BRAVO), { dryRun: false })).trustId, odsCode: 'BBB' };
  // a staff role in each trust, so role assignments are covered too
  await harness.db.platform(async (em) => {
    em.create(StaffMember, { id: '00000000-0000-4000-8000-00000000000a', email: 'alpha@nhs.net', displayName: `${ALPHA} Nurse` });
    em.create(StaffMember, { id: '00000000-0000-4000-8000-00000000000b', email: 'bravo@nhs.net', displayName: `${BRAVO} Nurse` });
  });
  for (const [trust, staffId] of [
    [alpha, '00000000-0000-4000-8000-00000000000a'],
    [bravo, '00000000-0000-4000-8000-00000000000b'],
  ] as const) {
    await harness.db.inTrust(trust, async (em) => {
      em.create(RoleAssignment, { trust: trust.trustId, staffMember: staffId, role: 'trust_admin', scope: 'trust' });
      em.create(Invitation, { trust: trust.trustId, email: `new.${trust.odsCode.toLowerCase()}@nhs.net`, role: 'ward_staff', scope: 'trust' });
    });
  }
});

afterAll(() => harness?.close());

describe('reading from another trust finds nothing', () => {
  it.each(TRUST_OWNED.map((entity) => [entity.name, entity] as const))('%s rows of Alpha are invisible from Bravo through the ORM', async (_name, entity) => {
    const fromBravo = await harness.db.inTrust(bravo, (em) => em.find(entity as typeof Hospital, {}));
    const fromAlpha = await harness.db.inTrust(alpha, (em) => em.find(entity as typeof Hospital, {}));
    expect(fromAlpha.length).toBeGreaterThan(0);
    expect(fromBravo.length).toBeGreaterThan(0);
    for (const row of fromBravo) expect((row as { trust: { id: string } }).trust.id).toBe(bravo.trustId);
    expect(JSON.stringify(fromBravo)).not.toContain(ALPHA);
  });

  it('asking Bravo for an Alpha ward by id finds nothing, even with the ORM filter switched off', async () => {
    const alphaWard = await harness.db.inTrust(alpha, (em) => em.findOneOrFail(Ward, { code: 'ED' }));
    const found = await harness.db.inTrust(bravo, (em) => em.findOne(Ward, { id: alphaWard.id }, { filters: false }));
    expect(found).toBeNull();
  });

  it("a raw query inside Bravo's transaction sees only Bravo's rows (row-level security behind the ORM)", async () => {
    const rows = await harness.db.inTrust(bravo, (em) => em.getConnection().execute<{ name: string }[]>('select name from ward', [], 'all', em.getTransactionContext()));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.name).join()).not.toContain(ALPHA);
  });

  it("the trust service answers Bravo's wards only", async () => {
    const service = new TrustService(harness.db);
    const wards = await service.wards(trustAdminOf(bravo), {});
    expect(wards.map((w) => w.name)).toEqual(expect.arrayContaining([`${BRAVO} Emergency Department`]));
    expect(JSON.stringify(wards)).not.toContain(ALPHA);
    const alphaHospital = await harness.db.inTrust(alpha, (em) => em.findOneOrFail(Hospital, {}));
    expect(await service.wards(trustAdminOf(bravo), { hospitalId: alphaHospital.id })).toEqual([]);
  });

  it("the trust service answers Bravo's hospitals only", async () => {
    const hospitals = await new TrustService(harness.db).hospitals(trustAdminOf(bravo));
    expect(hospitals.length).toBeGreaterThan(0);
    expect(JSON.stringify(hospitals)).not.toContain(ALPHA);
    const alphaHospital = await harness.db.inTrust(alpha, (em) => em.findOneOrFail(Hospital, {}));
    expect(hospitals.map((h) => h.id)).not.toContain(alphaHospital.id);
  });
});

describe('no tenant means no rows', () => {
  it('an unscoped raw query through the application login sees no trust-owned row', async () => {
    const client = new pg.Client({ connectionString: harness.database.appUrl });
    await client.connect();
    try {
      for (const table of await tenantTables()) {
        const { rows } = await client.query(`select count(*)::int as n from "${table}"`);
        expect({ table, rows: rows[0].n }).toEqual({ table, rows: 0 });
      }
      // with the role switched as the application does, still nothing
      await client.query('begin');
      await client.query(`set local role ${APP_ROLE}`);
      const { rows } = await client.query('select count(*)::int as n from ward');
      expect(rows[0].n).toBe(0);
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });

  it('the platform path reads trust registry rows but no trust-owned rows', async () => {
    const [trusts, wards] = await harness.db.platform(async (em) => [
      await em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from trust', [], 'all', em.getTransactionContext()),
      await em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from ward', [], 'all', em.getTransactionContext()),
    ]);
    expect(trusts[0].n).toBe(2);
    expect(wards[0].n).toBe(0);
  });

  it('the ORM refuses to query a trust-owned entity without an active trust (fails closed)', async () => {
    const orm = await MikroORM.init(createOrmConfig({ clientUrl: harness.database.appUrl, entities: domainEntities, poolSize: 1 }));
    try {
      await expect(orm.em.fork().find(Ward, {})).rejects.toThrow(/active trust|filter/i);
    } finally {
      await orm.close();
    }
  });
});

describe('writing into another trust is refused by the database', () => {
  it('Bravo cannot insert a ward into Alpha', async () => {
    const alphaHospital = await harness.db.inTrust(alpha, (em) => em.findOneOrFail(Hospital, {}));
    await expect(
      harness.db.inTrust(bravo, async (em) => {
        await em.getConnection().execute(
          `insert into ward (trust_id, id, hospital_id, code, name, visiting_hours, default_visit_minutes, max_concurrent_visits) values (?, gen_random_uuid(), ?, 'X', 'x', '{}', 30, 1)`,
          [alpha.trustId, alphaHospital.id],
          'run',
          em.getTransactionContext(),
        );
      }),
    ).rejects.toThrow(/row-level security|violates/i);
  });

  it('Bravo cannot update or delete Alpha rows: they are not there to touch', async () => {
    const changed = await harness.db.inTrust(bravo, (em) =>
      em.getConnection().execute<{ affectedRows: number }>(`update ward set name = 'taken over' where trust_id = ?`, [alpha.trustId], 'run', em.getTransactionContext()),
    );
    expect(changed.affectedRows).toBe(0);
    const alphaWards = await harness.db.inTrust(alpha, (em) => em.find(Ward, {}));
    expect(alphaWards.every((w) => w.name.startsWith(ALPHA))).toBe(true);
  });

  it('the cross-trust reporting path reads only the trusts it names, and cannot write', async () => {
    const names = await harness.db.acrossTrusts([alpha.trustId], async (em) => (await em.find(Ward, {})).map((w) => w.name));
    expect(names.length).toBeGreaterThan(0);
    expect(names.join()).not.toContain(BRAVO);
    const both = await harness.db.acrossTrusts([alpha.trustId, bravo.trustId], (em) => em.count(Ward, {}));
    expect(both).toBe(4);
    await expect(
      harness.db.acrossTrusts([alpha.trustId], (em) =>
        em.getConnection().execute(`update trust_feature_flag set enabled = not enabled`, [], 'run', em.getTransactionContext()),
      ),
    ).rejects.toThrow(/read-only/i);
  });
});

describe('plain-SQL transactions (the hot paths) are as whole as the ORM\'s', () => {
  const auditInsert = (trustId: string, id: string) => ({
    text: `insert into audit_event (trust_id, id, actor_staff_id, action, target_type, target_id, outcome) values ($1, $2, '00000000-0000-4000-8000-00000000000a', 'visit.booked', 'visit', $3, 'success')`,
    values: [trustId, id, id],
  });
  const audited = (id: string) => harness.db.inTrust(alpha, (em) => em.count(AuditEvent, { id }));

  it('a round trip whose later statement fails throws that error and writes nothing, and the next transaction starts clean', async () => {
    const id = '00000000-0000-4000-8000-0000000000f1';
    await expect(harness.db.inTrustSql(alpha, (sql) => sql.commitWith([auditInsert(alpha.trustId, id), { text: 'select 1 / 0' }]))).rejects.toThrow(/division by zero/);
    expect(await audited(id)).toBe(0);
    const settings = await harness.db.inTrustSql(bravo, (sql) => sql.query<{ trust: string; role: string }>("select current_setting('app.trust_id') as trust, current_user as role"));
    expect(settings).toEqual([{ trust: bravo.trustId, role: APP_ROLE }]);
  });

  it('statements started at once share one transaction, which commits', async () => {
    const id = '00000000-0000-4000-8000-0000000000f2';
    const [first, second] = await harness.db.inTrustSql(alpha, (sql) =>
      Promise.all([sql.batch<[unknown, { tx: string }]>([auditInsert(alpha.trustId, id), { text: 'select txid_current()::text as tx' }]), sql.query<{ tx: string }>('select txid_current()::text as tx')]),
    );
    expect(second[0].tx).toBe(first[1][0].tx);
    expect(await audited(id)).toBe(1);
  });
});

describe('the audit trail is append-only', () => {
  it('neither the application nor the table owner can change or remove an audit record', async () => {
    const event = await harness.db.inTrust(alpha, (em) => em.findOneOrFail(AuditEvent, {}));
    await expect(
      harness.db.inTrust(alpha, (em) => em.getConnection().execute(`delete from audit_event where id = ?`, [event.id], 'run', em.getTransactionContext())),
    ).rejects.toThrow(/permission denied|append-only/i);
    const owner = harness.ownerOrm.em.fork();
    await expect(owner.getConnection().execute(`update audit_event set action = 'x'`)).rejects.toThrow(/append-only/);
    await harness.db.platform(async (em) => audit.record(em, { action: 'group.created', targetType: 'trust', outcome: 'success' }));
    expect(await harness.db.platform((em) => em.count(PlatformAuditEvent, {}))).toBeGreaterThan(0);
    await expect(owner.getConnection().execute(`delete from platform_audit_event`)).rejects.toThrow(/append-only/);
  });
});

describe('the catalog: every trust-owned table is ready for row-level security and distribution by trust', () => {
  it('has RLS enabled and forced on every table with a trust_id', async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThanOrEqual(TRUST_OWNED.length);
    const rows = await owner<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class where relname = any($1) and relkind = 'r'`,
      [tables],
    );
    for (const row of rows) expect(row).toEqual({ relname: row.relname, relrowsecurity: true, relforcerowsecurity: true });
  });

  it('gives every trust-owned table one policy per command, each reading its trust setting once per statement', async () => {
    const tables = await tenantTables();
    const policies = await owner<{ tablename: string; policyname: string; cmd: string; qual: string | null; with_check: string | null }>(
      `select tablename, policyname, cmd, qual, with_check from pg_policies where schemaname = 'public' and tablename = any($1) order by tablename, policyname`,
      [tables],
    );
    for (const table of tables) {
      const own = policies.filter((p) => p.tablename === table);
      expect({ table, policies: own.map((p) => `${p.policyname} ${p.cmd}`) }).toEqual({ table, policies: ['trust_delete DELETE', 'trust_insert INSERT', 'trust_read SELECT', 'trust_update UPDATE'] });
      for (const policy of own) {
        // reads see the list of readable trusts, writes the one writable trust, each as a sub-select (an initplan, evaluated once)
        const setting = policy.cmd === 'SELECT' ? 'app.trust_ids' : 'app.trust_id';
        for (const expression of [policy.qual, policy.with_check].filter(Boolean)) {
          expect({ table, policy: policy.policyname, expression }).toEqual({ table, policy: policy.policyname, expression: expect.stringMatching(new RegExp(`^\\(trust_id = (ANY \\()?\\( SELECT .*current_setting\\('${setting.replace('.', '\\.')}'`)) });
        }
      }
      expect({ table, read: own.find((p) => p.cmd === 'SELECT')?.with_check ?? null, insert: own.find((p) => p.cmd === 'INSERT')?.qual ?? null }).toEqual({ table, read: null, insert: null });
    }
  });

  it('leads every primary key with trust_id and includes it in every unique constraint and foreign key between trust-owned tables', async () => {
    const tables = await tenantTables();
    const constraints = await owner<{ table: string; name: string; type: string; columns: string[]; target: string | null }>(
      `select c.conrelid::regclass::text as table, c.conname as name, c.contype as type,
              array(select a.attname from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i)::text[] as columns,
              c.confrelid::regclass::text as target
         from pg_constraint c where c.conrelid::regclass::text = any($1) and c.contype in ('p', 'u', 'f')`,
      [tables],
    );
    for (const c of constraints) {
      if (c.type === 'p') expect({ table: c.table, first: c.columns[0] }).toEqual({ table: c.table, first: 'trust_id' });
      if (c.type === 'u') expect({ name: c.name, hasTrust: c.columns.includes('trust_id') }).toEqual({ name: c.name, hasTrust: true });
      if (c.type === 'f' && c.target && tables.includes(c.target)) {
        expect({ name: c.name, hasTrust: c.columns.includes('trust_id') }).toEqual({ name: c.name, hasTrust: true });
      }
    }
    expect(constraints.filter((c) => c.type === 'p')).toHaveLength(tables.length);
  });

  it('the application role owns no table and cannot bypass row-level security', async () => {
    const [role] = await owner<{ rolsuper: boolean; rolbypassrls: boolean }>(`select rolsuper, rolbypassrls from pg_roles where rolname = $1`, [APP_ROLE]);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const [login] = await owner<{ rolsuper: boolean; rolbypassrls: boolean }>(`select rolsuper, rolbypassrls from pg_roles where rolname = 'vv_app_login'`);
    expect(login).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await owner<{ relname: string }>(
      `select relname from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname in ($1, 'vv_app_login') and c.relnamespace = 'public'::regnamespace`,
      [APP_ROLE],
    );
    expect(owned).toEqual([]);
  });
});

async function tenantTables(): Promise<string[]> {
  const rows = await owner<{ table_name: string }>(
    `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'trust_id'
       and table_name in (select tablename from pg_tables where schemaname = 'public')
       order by 1`,
  );
  return rows.map((r) => r.table_name);
}

async function owner<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: harness.database.ownerUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}



function trustAdminOf(trust: { trustId: string; odsCode: string }): Caller {
  const roles = [{ role: 'trust_admin' as const, scope: 'trust' as const, trustIds: [trust.trustId] }];
  return { staffId: '00000000-0000-4000-8000-00000000000b', trust, roles, ability: buildAbility(roles, trust.trustId) };
}
