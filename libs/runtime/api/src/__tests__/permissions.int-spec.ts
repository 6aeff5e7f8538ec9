import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { buildSchema, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';
import type { Role } from '@vv/contracts';
import { needsActiveTrust, rolesHolding } from '@vv/platform/access';
import { SCHEMA_FILE } from '@vv/platform/graphql';
import { apiOperations } from '../api-permissions';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';
import { operationDocument } from '../testing/operation-document';

/**
 * The table of operation → permission, checked through the API: everyone who holds none of
 * an operation's permissions is refused before it runs, with the answer the operation declares
 * (whatever they send, well formed or not), and nothing is written. The operations come from
 * the code, so a new one is covered without touching this file.
 */
const NOW = new Date('2026-11-23T09:00:00Z');
/** One person for each role, acting in RNQ (the platform admin holds no role in any trust). */
const PEOPLE: Record<Role, { email: string; trust?: string }> = {
  platform_admin: { email: 'platform.admin@nhs.net' },
  group_admin: { email: 'group.admin@nhs.net', trust: 'RNQ' },
  trust_admin: { email: 'trust.admin@kgh.nhs.uk' },
  ward_manager: { email: 'ward.manager.rnq@nhs.net' },
  ward_staff: { email: 'nurse.rnq@nhs.net' },
  reporting_analyst: { email: 'group.analyst@nhs.net', trust: 'RNQ' },
};

const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
let api: ApiTestHarness;
let owner: pg.Client;

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => NOW });
  await api.loadDemoData();
  owner = new pg.Client({ connectionString: api.database.ownerUrl });
  await owner.connect();
  // everyone signed in once, so a first sign-in's bookkeeping is not taken for a write
  for (const { email, trust } of Object.values(PEOPLE)) await api.as(email, '{ me { id } }', undefined, trust);
});
afterAll(async () => {
  await owner?.end();
  await api?.close();
});

/** A value of the type: well formed for GraphQL, and no use to the operation (`x` is no ward, no email, no code). */
function sample(type: GraphQLInputType): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [sample(inner.ofType)];
  if (isInputObjectType(inner)) return Object.fromEntries(Object.values(inner.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
  if (isEnumType(inner)) return inner.getValues()[0].name;
  return { Int: 1, Float: 1, Boolean: false, DateTime: '2026-11-23T15:00:00Z', ID: randomUUID() }[inner.name] ?? 'x';
}

async function written(): Promise<string> {
  const { rows } = await owner.query('select (select count(*) from audit_event) as trust_audit, (select count(*) from platform_audit_event) as platform_audit');
  return JSON.stringify(rows);
}

/** Each operation that refuses, with everyone who holds none of its permissions. */
const refusals = apiOperations().flatMap(({ kind, name, rule }) => {
  if (rule?.kind !== 'permission' || rule.otherwise === 'empty' || (kind !== 'query' && kind !== 'mutation')) return [];
  const holders = new Set(rule.anyOf.flatMap((permission) => rolesHolding(permission).map((held) => held.role)));
  const others = (Object.keys(PEOPLE) as Role[]).filter((role) => !holders.has(role));
  const refused = rule.otherwise === 'not-found' ? 'NOT_FOUND' : 'FORBIDDEN';
  // someone in no trust who needs one is asked to choose it (FORBIDDEN) before anything else
  const expected = (role: Role) => (role === 'platform_admin' && needsActiveTrust(rule.anyOf) ? 'FORBIDDEN' : refused);
  return others.map((role) => [`${kind} ${name}`, role, kind, name, expected(role)] as const);
});

describe('every operation refuses who holds none of its permissions, before it runs', () => {
  it('covers the operations, and each role without the permission', () => {
    expect(refusals.map(([operation, role]) => `${operation} / ${role}`)).toEqual(
      expect.arrayContaining(['mutation bookVisit / trust_admin', 'mutation cancelVisit / reporting_analyst', 'mutation createTrustGroup / trust_admin', 'query staff / ward_staff', 'query trustConfiguration / ward_manager']),
    );
  });

  it.each(refusals)('%s as %s: %s %s is %s, and writes nothing', async (_operation, role, kind, name, code) => {
    const field = (kind === 'query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[name];
    const query = operationDocument(kind, field);
    const variables = Object.fromEntries(field.args.map((a) => [a.name, sample(a.type)]));
    const before = await written();
    const result = await api.as(PEOPLE[role].email, query, variables, PEOPLE[role].trust);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(result.data ?? null).toBeNull();
    expect(await written()).toBe(before);
  });
});

describe('lists narrowed by their permission', () => {
  it('answer someone without it with nothing, rather than a refusal', async () => {
    const visits = await api.as<{ visits: { edges: unknown[] } }>(PEOPLE.trust_admin.email, '{ visits { edges { node { id } } } }');
    expect(visits.errors).toBeUndefined();
    expect(visits.data!.visits.edges).toEqual([]);
  });
});
