import { buildSchema, parse, validate } from 'graphql';
import { queryLimitsRule } from '../query-limits.rule';

const schema = buildSchema(`
  type Ward { id: ID! name: String! hospital: Hospital! }
  type Hospital { id: ID! wards(first: Int): [Ward!]! }
  type Query { wards(first: Int): [Ward!]! hospital: Hospital }
  type Mutation { renameWard(id: ID!): Ward! archiveWard(id: ID!): Ward! }
`);
const limits = { maxDepth: 4, maxAliases: 3, maxCost: 100 };
const errorsOf = (query: string) => validate(schema, parse(query), [queryLimitsRule(limits)]).map((e) => e.message);

describe('queryLimitsRule', () => {
  it('accepts an ordinary query', () => {
    expect(errorsOf('{ wards(first: 10) { id name hospital { id } } }')).toEqual([]);
  });

  it('measures depth through fragments and refuses what is too deep', () => {
    const query = `
      query Deep { hospital { ...H } }
      fragment H on Hospital { wards { hospital { wards { id } } } }`;
    expect(errorsOf(query)).toEqual(['Deep is nested 5 levels deep; the limit is 4']);
  });

  it('counts aliases, including those inside fragments', () => {
    const query = `{ a: wards { id } b: wards { id } ...F } fragment F on Query { c: wards { id } d: wards { id } }`;
    expect(errorsOf(query)).toEqual(['anonymous operation uses 4 aliases; the limit is 3']);
  });

  it('multiplies cost by the page sizes above a field', () => {
    expect(errorsOf('{ wards(first: 10) { hospital { wards(first: 10) { id } } } }')).toEqual([
      'anonymous operation would cost 121; the limit is 100. Ask for smaller pages or fewer fields',
    ]);
    expect(errorsOf('{ wards(first: 5) { hospital { wards(first: 5) { id } } } }')).toEqual([]);
  });

  it('does not loop on a fragment that spreads itself', () => {
    const query = '{ hospital { ...A } } fragment A on Hospital { wards { hospital { ...A } } }';
    expect(() => errorsOf(query)).not.toThrow();
  });

  it('takes one change per mutation request, and refuses two however they are written', () => {
    const refusal = 'A request makes one change: send each mutation in a request of its own, so one that is refused never leaves another done';
    expect(errorsOf('mutation { renameWard(id: "1") { id } __typename }')).toEqual([]);
    expect(errorsOf('mutation { a: renameWard(id: "1") { id } b: renameWard(id: "2") { id } }')).toEqual([refusal]);
    expect(errorsOf('mutation { renameWard(id: "1") { id } ...Other } fragment Other on Mutation { archiveWard(id: "1") { id } }')).toEqual([refusal]);
    expect(errorsOf('mutation { ... on Mutation { renameWard(id: "1") { id } } archiveWard(id: "1") { id } }')).toEqual([refusal]);
    expect(errorsOf('{ a: wards { id } b: hospital { id } }')).toEqual([]);
  });
});
