import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLField, type GraphQLInputType } from 'graphql';
import { rolesHolding } from '@vv/platform/access';
import { SCHEMA_FILE } from '@vv/platform/graphql';
import { apiOperations } from '../api-permissions';

/**
 * What the schema-driven input specs share: the operations that take a value, who may call each,
 * values that are right for every argument but the one under test, and a fingerprint of every
 * table to show a refused call wrote nothing.
 */

export const NURSE = 'nurse.rnq@nhs.net'; // RNQ ED: 24 hours, unscheduled visits
export const TRUST_ADMIN = 'trust.admin@kgh.nhs.uk';
export const PLATFORM_ADMIN = 'platform.admin@nhs.net';

/**
 * Who calls each operation: the first of these whose role holds the permission it declares,
 * so the input is what gets checked (the guard refuses anyone else before reading it).
 */
const HOLDERS = [
  [NURSE, 'ward_staff'],
  [TRUST_ADMIN, 'trust_admin'],
  [PLATFORM_ADMIN, 'platform_admin'],
] as const;
const DECLARED = new Map(apiOperations().map((op) => [`${op.kind} ${op.name}`, op.rule]));

export function callerFor(kind: string, name: string): string {
  const rule = DECLARED.get(`${kind} ${name}`);
  const permissions = rule?.kind === 'permission' ? rule.anyOf : [];
  return HOLDERS.find(([, role]) => permissions.some((permission) => rolesHolding(permission).some((held) => held.role === role)))?.[0] ?? TRUST_ADMIN;
}

export const committedSchema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));

export interface ApiOperation {
  kind: 'mutation' | 'query';
  field: GraphQLField<unknown, unknown>;
}

/** Every mutation and query of the committed schema that takes a value (a new one is covered with no change here). */
export const operationsTakingValues: ApiOperation[] = [
  ...Object.values(committedSchema.getMutationType()!.getFields())
    .filter((field) => field.args.length > 0)
    .map((field) => ({ kind: 'mutation' as const, field })),
  ...Object.values(committedSchema.getQueryType()!.getFields())
    .filter((field) => field.args.length > 0)
    .map((field) => ({ kind: 'query' as const, field })),
];

/** Ids of records the caller may use, by the name of the argument or field that takes them. */
export interface KnownIds {
  wardId: string;
  hospitalId: string;
  id: string;
}

/** A value right for the argument or input field of this name and type, so a bad value elsewhere is the only thing wrong. */
export function goodValue(name: string, type: GraphQLInputType, ids: KnownIds): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [goodValue(name, inner.ofType, ids)];
  if (isInputObjectType(inner)) {
    return Object.fromEntries(
      Object.values(inner.getFields())
        .map((f) => [f.name, goodValue(f.name, f.type, ids)])
        .filter(([key]) => key !== 'startNow' && key !== 'idempotencyKey'),
    );
  }
  if (isEnumType(inner)) return inner.getValues()[0].value;
  const named: Record<string, unknown> = {
    ...ids,
    contactMobile: '07700 900123',
    contactEmail: 'david.jones@example.org',
    email: 'someone@nhs.net',
    firstAdminEmail: 'someone@nhs.net',
    siteCode: 'RNQ77',
    code: 'W77',
    odsCode: 'RNQ',
    flag: 'rebook',
    day: 'monday',
    ranges: '14:00-20:00',
    kind: 'reminder',
    provider: 'jitsi',
    baseUrl: 'https://meet.kgh.nhs.uk',
    primaryColour: '#005EB8',
    contactPhone: '01536 492000',
    logoUrl: 'https://www.kgh.nhs.uk/logo.png',
    startAt: '2026-11-23T15:00:00Z',
    from: '2026-11-01T00:00:00Z',
    fromMonth: '2026-01',
    toMonth: '2026-11',
    to: '2026-11-30T00:00:00Z',
  };
  if (name in named) return named[name];
  switch (getNamedType(inner).name) {
    case 'Int':
      return name === 'first' ? 10 : name === 'days' ? 30 : name === 'reminderMinutesBefore' ? 60 : name === 'maxConcurrentVisits' ? 2 : name === 'graceMinutesAfterSlot' ? 15 : 30;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2026-11-23T15:00:00Z';
    case 'ID':
      return randomUUID();
    default:
      return 'Sample Name';
  }
}

/** Every argument of the operation given its right value. */
export function goodVariables(field: GraphQLField<unknown, unknown>, ids: KnownIds): Record<string, unknown> {
  return Object.fromEntries(field.args.map((a) => [a.name, goodValue(a.name, a.type, ids)]));
}

/** Sets the value at a path of arguments and input fields (`input.wardId`, `input.templates.0.sms`). */
export function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  path.slice(0, -1).forEach((key) => (node = node[key] as Record<string, unknown>));
  node[path.at(-1)!] = value;
}

/** A fingerprint of every row of every table, read as the schema owner: equal before and after means nothing was written. */
export async function tableFingerprint(owner: pg.Client): Promise<() => Promise<string>> {
  const tables = (await owner.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public' and tablename not like 'mikro_orm%' order by 1`)).rows;
  const query = tables
    .map(({ tablename }) => `select '${tablename}' as t, count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from "${tablename}" x`)
    .join(' union all ');
  return async () => JSON.stringify((await owner.query(query)).rows);
}
