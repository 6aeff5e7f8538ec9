import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@vv/platform/database';
import { createTestDatabase, type TestDatabase } from '@vv/platform/testing';
import { domainEntities } from '@vv/domain/entities';

/**
 * Every database is built by running the migrations, while the entities are what the code
 * believes the schema is. The two must describe the same thing: a trigger body or a policy
 * edited in an entity without a migration, or a migration's SQL edited by hand, would leave
 * every database different from what the code (and the next generated migration) expects.
 *
 * Two checks, because the ORM's own comparison is loose where it matters most here: it
 * compares trigger bodies, policy expressions and check constraints after stripping quotes,
 * parentheses, casts and case, so `'Delivered'` and `'delivered'`, `x::int` and `x::text`,
 * `(a + b) * c` and `a + b * c` compare equal. The second check builds a database from the
 * entities alone and compares PostgreSQL's own catalogue of both, as PostgreSQL prints it.
 */
let migrated: TestDatabase;
let described: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  migrated = await createTestDatabase();
  described = await createTestDatabase({ empty: true });
  orm = await MikroORM.init(createOrmConfig({ clientUrl: migrated.ownerUrl, entities: domainEntities, poolSize: 1 }));
});
afterAll(async () => {
  await orm?.close(true);
  await migrated?.drop();
  await described?.drop();
});

describe('the migrations build exactly the schema the entities describe', () => {
  it('leaves the ORM nothing to change, nor to drop, in a migrated database', async () => {
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true })).toBe('');
  });

  it('gives every table the same columns, keys, indexes, triggers, trigger functions and policies as the entities, as PostgreSQL prints them', async () => {
    const tables = orm.schema
      .getTargetSchema()
      .getTables()
      .map((table) => table.name)
      .sort();
    expect(tables).toContain('visit');
    const fromEntities = await MikroORM.init(createOrmConfig({ clientUrl: described.ownerUrl, entities: domainEntities, poolSize: 1 }));
    try {
      await fromEntities.schema.create();
    } finally {
      await fromEntities.close(true);
    }
    const expected = await catalogue(described.ownerUrl, tables);
    const actual = await catalogue(migrated.ownerUrl, tables);
    // the entities do declare the triggers and policies this compares
    expect(expected.triggers.length).toBeGreaterThan(0);
    expect(expected.policies.length).toBeGreaterThan(0);
    for (const part of Object.keys(expected) as (keyof Catalogue)[]) expect({ [part]: actual[part] }).toEqual({ [part]: expected[part] });
  });
});

interface Catalogue {
  tables: string[];
  columns: string[];
  constraints: string[];
  indexes: string[];
  triggers: string[];
  policies: string[];
}

/**
 * What PostgreSQL holds for these tables, one line per object, as PostgreSQL prints it (so
 * only a real difference shows). A trigger function's source is kept as written, spaces
 * aside, one statement a line, so a difference points at the statement.
 */
async function catalogue(url: string, tables: string[]): Promise<Catalogue> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const lines = async (sql: string) => (await client.query<{ line: string }>(sql, [tables])).rows.map((row) => row.line);
  try {
    const triggers = await client.query<{ definition: string; source: string }>(
      `select pg_get_triggerdef(t.oid) || ' (' || l.lanname || ', returns ' || p.prorettype::regtype::text || ')' as definition, p.prosrc as source
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid join pg_language l on l.oid = p.prolang
        where not t.tgisinternal and c.relnamespace = 'public'::regnamespace and c.relname = any($1) order by 1`,
      [tables],
    );
    return {
      tables: await lines(`select c.relname || ' rls=' || c.relrowsecurity || ' forced=' || c.relforcerowsecurity || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '') as line
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and c.relname = any($1) order by 1`),
      columns: await lines(`select c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' not null' else '' end
          || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || ' generated=' || a.attgenerated::text || ' identity=' || a.attidentity::text
          || coalesce(' collate ' || nullif(co.collname, 'default'), '') || ' comment=' || coalesce(col_description(c.oid, a.attnum), '') as line
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        left join pg_collation co on co.oid = a.attcollation
        where c.relnamespace = 'public'::regnamespace and c.relname = any($1) and a.attnum > 0 and not a.attisdropped order by 1`),
      constraints: await lines(`select c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as line
        from pg_constraint c where c.connamespace = 'public'::regnamespace and c.conrelid::regclass::text = any($1) order by 1`),
      indexes: await lines(`select pg_get_indexdef(i.indexrelid) as line
        from pg_index i join pg_class c on c.oid = i.indrelid where c.relnamespace = 'public'::regnamespace and c.relname = any($1) order by 1`),
      triggers: triggers.rows.flatMap(({ definition, source }) => [
        definition,
        ...source
          .replace(/\s+/g, ' ')
          .split(/(?<=;)/)
          .map((statement) => `  ${statement.trim()}`)
          .filter((statement) => statement.trim()),
      ]),
      policies: await lines(`select tablename || ' ' || policyname || ' ' || permissive || ' ' || cmd || ' to ' || array_to_string(roles, ',')
          || ' using ' || coalesce(qual, '-') || ' check ' || coalesce(with_check, '-') as line
        from pg_policies where schemaname = 'public' and tablename = any($1) order by 1`),
    };
  } finally {
    await client.end();
  }
}
