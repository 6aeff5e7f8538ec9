import fc from 'fast-check';
import pg from 'pg';
import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLArgument, type GraphQLInputType } from 'graphql';
import { ERROR_CODES, normaliseId } from '@vv/contracts';
import { operationDocument } from '../testing/operation-document';
import { startApiTestHarness, type ApiTestHarness, type GraphQLResult } from '../testing/api-test-harness';
import { callerFor, goodValue, goodVariables, NURSE, operationsTakingValues, PLATFORM_ADMIN, setAt, tableFingerprint, TRUST_ADMIN, type KnownIds } from '../testing/operation-inputs';

/**
 * Every argument and input field of every mutation and of every query that takes one, driven
 * through the API with generated bad values (a right list entry repeated or many times over among
 * them). Whatever the value, the answer is never INTERNAL_SERVER_ERROR; a value that can never
 * be right is BAD_USER_INPUT naming its path; and a refused call changes no table. The operations come from the committed schema, so
 * a new one is covered without touching this file. `npm run test:bad-input` runs it larger
 * (BAD_INPUT_RUNS per field, BAD_INPUT_SEED to replay a failure).
 */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 2);
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20261123);
const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT

const operations = operationsTakingValues;

let api: ApiTestHarness;
let owner: pg.Client;
let ids: KnownIds;
let snapshot: () => Promise<string>;

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => NOW });
  await api.loadDemoData();
  const wards = await api.as<{ wards: { id: string; code: string; hospital: { id: string } }[] }>(TRUST_ADMIN, '{ wards { id code hospital { id } } }');
  const ed = wards.data!.wards.find((w) => w.code === 'ED')!;
  const booked = await api.as<{ bookVisit: { id: string } }>(NURSE, 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
    input: { wardId: ed.id, patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900123', startAt: '2026-11-23T14:00:00Z' },
  });
  ids = { wardId: ed.id, hospitalId: ed.hospital.id, id: booked.data!.bookVisit.id };
  owner = new pg.Client({ connectionString: api.database.ownerUrl });
  await owner.connect();
  snapshot = await tableFingerprint(owner);
  // every caller signed in once, so a first sign-in's bookkeeping is not taken for a write
  for (const email of new Set([NURSE, TRUST_ADMIN, PLATFORM_ADMIN])) await api.as(email, '{ me { id } }');
});
afterAll(async () => {
  await owner?.end();
  await api?.close();
});

// ----- values

type Kind = 'never-right' | 'maybe';
interface Bad {
  kind: Kind;
  value: unknown;
}

const CONTROL = fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\uD800', '\uDFFF', '\u202E', '\u2067');
const withControl = fc.tuple(fc.string({ maxLength: 8 }), CONTROL, fc.string({ maxLength: 8 })).map(([a, c, b]) => a + c + b);
const never = (arb: fc.Arbitrary<unknown>) => arb.map((value): Bad => ({ kind: 'never-right', value }));
const maybe = (arb: fc.Arbitrary<unknown>) => arb.map((value): Bad => ({ kind: 'maybe', value }));

const ODD_TEXT = fc.constantFrom(
  '',
  '   ',
  '\u200B\u200B\u200D',
  '\u00A0\uFEFF',
  "Robert'); DROP TABLE visit;--",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '${7*7}',
  'ＡＢＣ',
  '𝕳𝖊𝖑𝖑𝖔',
  'e\u0301\u0301\u0301',
  '2027-02-30T10:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA',
);
const BAD_DATES = fc.constantFrom(
  '2027-02-30T10:00:00Z',
  'not a date',
  '2026-06-01T14:00:00',
  '2026-06-01',
  '9999-12-31T23:59:59Z',
  '1969-12-31T23:59:59Z',
  '2026-13-01T00:00:00Z',
  '2026-06-01T24:00:00Z',
  '2026-06-01T14:00:00+15:00',
  '2026-06-01T14:00:00.1234567890Z',
  ' 2026-06-01T14:00:00Z',
  '',
);
const EDGE_DATES = fc.constantFrom('2027-03-28T00:59:59Z', '2027-03-28T01:30:00+01:00', '2026-10-25T01:30:00+01:00', '2026-10-25T01:30:00Z', '2000-01-01T00:00:00Z', '2099-12-31T23:59:59Z', '2026-11-23T08:58:00Z');
const NOT_AN_OBJECT = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }));

/** Values for one input position, each marked as one that can never be right or one that may be. */
function badValues(type: GraphQLInputType, maxText: number, good?: unknown): fc.Arbitrary<Bad> {
  const required = isNonNullType(type);
  const inner = required ? type.ofType : type;
  const nulls = required ? never(fc.constant(null)) : maybe(fc.constant(null));
  const tooLong = never(fc.integer({ min: maxText + 1, max: maxText + 2000 }).map((n) => 'x'.repeat(n)));
  if (isListType(inner)) {
    // a right entry twice (the same day, the same template), and a list far longer than any form makes
    const entry = Array.isArray(good) ? good[0] : undefined;
    const repeated = entry === undefined ? [] : [maybe(fc.constant([entry, entry])), maybe(fc.integer({ min: 50, max: 500 }).map((n) => Array.from({ length: n }, () => entry)))];
    return fc.oneof(nulls, maybe(fc.constant([])), ...repeated, never(fc.dictionary(fc.constantFrom('a', 'b'), fc.integer(), { minKeys: 1 }).map((o) => [o])), badValues(inner.ofType, maxText).map((b) => ({ ...b, value: [b.value] })));
  }
  if (isInputObjectType(inner)) return fc.oneof(nulls, never(NOT_AN_OBJECT), never(fc.constant({ notAField: 1 })));
  if (isEnumType(inner)) return fc.oneof(nulls, never(fc.oneof(fc.string({ maxLength: 12 }).filter((s) => !inner.getValue(s)), fc.integer())));
  switch (inner.name) {
    case 'Int':
      return fc.oneof(nulls, maybe(fc.constantFrom(0, -1, 1, 2147483647, -2147483648)), never(fc.oneof(fc.constantFrom(2147483648, -2147483649, 1.5, Number.MAX_SAFE_INTEGER), fc.string({ maxLength: 5 }), fc.boolean())));
    case 'Float':
      return fc.oneof(nulls, maybe(fc.constantFrom(0, -1, 1e308)), never(fc.oneof(fc.string({ maxLength: 5 }), fc.boolean())));
    case 'Boolean':
      return fc.oneof(nulls, never(fc.oneof(fc.constantFrom('true', 'yes', 1, 0), fc.object({ maxDepth: 0 }))));
    case 'DateTime':
      return fc.oneof(nulls, maybe(EDGE_DATES), never(fc.oneof(BAD_DATES, fc.integer(), fc.boolean(), withControl)));
    case 'ID':
      // any text that is not a UUID can never be an id; a UUID in capitals is an id like any other
      return fc.oneof(
        nulls,
        maybe(fc.uuid().map((id) => id.toUpperCase())),
        fc.oneof(ODD_TEXT, fc.string({ maxLength: 40 })).map((value): Bad => ({ kind: normaliseId(value) ? 'maybe' : 'never-right', value })),
        never(fc.oneof(withControl, fc.integer(), fc.boolean(), fc.constant({ a: 1 }))),
        tooLong,
      );
    default: // String
      return fc.oneof(
        nulls,
        maybe(fc.oneof(ODD_TEXT, fc.string({ maxLength: 30, unit: 'grapheme' }))),
        never(fc.oneof(withControl, fc.boolean(), fc.constant({ a: 1 }))),
        tooLong,
      );
  }
}

// ----- every position an operation takes a value at

interface Position {
  path: string[];
  type: GraphQLInputType;
}

function positions(args: readonly GraphQLArgument[]): Position[] {
  const found: Position[] = [];
  const walk = (path: string[], type: GraphQLInputType, depth: number) => {
    found.push({ path, type });
    const inner = getNamedType(type);
    if (depth < 2 && isInputObjectType(inner)) {
      const list = isListType(isNonNullType(type) ? type.ofType : type);
      for (const f of Object.values(inner.getFields())) walk(list ? [...path, '0', f.name] : [...path, f.name], f.type, depth + 1);
    }
  };
  args.forEach((arg) => walk([arg.name], arg.type, 0));
  return found;
}

const KNOWN_CODES = new Set<string>([...ERROR_CODES, 'GRAPHQL_VALIDATION_FAILED']);

describe.each(operations.map((op) => [op.field.name, op] as const))('%s with bad values', (_, { kind, field }) => {
  const query = operationDocument(kind, field);
  it.each(positions(field.args).map((p) => [p.path.join('.'), p] as const))('at %s: a clear answer, the field named, nothing written', async (path, position) => {
    const named = getNamedType(position.type);
    const maxText = named.name === 'String' && position.path.join('.') === 'input.document' ? 100_000 : 1000; // OnboardTrustInput's document
    let tables = await snapshot();
    await fc.assert(
      fc.asyncProperty(badValues(position.type, maxText, goodValue(position.path.at(-1)!, position.type, ids)), async (bad) => {
        const variables = goodVariables(field, ids);
        setAt(variables, position.path, bad.value);
        const result: GraphQLResult<unknown> = await api.as(callerFor(kind, field.name), query, variables);
        const errors = result.errors ?? [];
        expect(result.status).toBeLessThan(500);
        for (const error of errors) {
          expect(KNOWN_CODES).toContain(error.extensions?.code);
          if (error.extensions?.code === 'BAD_USER_INPUT') expect(error.extensions.fields?.length).toBeGreaterThan(0);
        }
        if (bad.kind === 'never-right') {
          const named = errors.flatMap((e) => (e.extensions?.code === 'BAD_USER_INPUT' ? (e.extensions.fields ?? []) : [])).map((f) => f.field);
          expect(named.some((f) => f === path || f.startsWith(`${path}.`))).toBe(true);
        }
        if (errors.length) expect(await snapshot()).toBe(tables);
        else tables = await snapshot();
      }),
      { numRuns: RUNS * (isInputObjectType(named) ? 1 : 2), seed: SEED, endOnFailure: true },
    );
  });
});
