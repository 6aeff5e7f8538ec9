import { readFileSync } from 'node:fs';
import { buildClientSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema, type IntrospectionQuery } from 'graphql';
import { SCHEMA_FILE } from '@vv/platform/graphql';
import { IDLE_CONNECTION_MS } from '@vv/contracts';
import { printApiSchema } from '../api-schema';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT: the suite's clock, held still

let api: ApiTestHarness;

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => NOW });
});
afterAll(() => api?.close());

describe('the GraphQL endpoint', () => {
  it('answers { __typename } and returns a request id', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'ward-6-req-00000001' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    expect(response.headers.get('x-request-id')).toBe('ward-6-req-00000001');
  });

  it('tells every cache not to keep an answer, a refusal included (answers carry patients\' names)', async () => {
    for (const [query, status] of [
      ['{ __typename }', 200],
      ['{ wards { name } }', 200],
      ['{ nope }', 400],
    ] as const) {
      const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      expect([response.status, response.headers.get('cache-control')]).toEqual([status, 'no-store']);
    }
  });

  it('replaces a malformed request id with its own', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'not ok <script>' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves exactly the committed schema (run `npm run schema:write` after an API change)', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(await printApiSchema()).toBe(committed);
    const introspection = await api.graphql<IntrospectionQuery>(getIntrospectionQuery());
    const served = `${printSchema(lexicographicSortSchema(buildClientSchema(introspection.data!)))}\n`;
    expect(served).toBe(committed);
  });

  it('refuses a signed-out caller with UNAUTHENTICATED and no data', async () => {
    const result = await api.graphql('{ trust { name } wards { name } }');
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('rejects a variable of the wrong type as BAD_USER_INPUT without echoing the value', async () => {
    const result = await api.graphql('query Wards($archived: Boolean) { wards(includeArchived: $archived) { id } }', { archived: 'Jane Patient 07700900123' });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result)).not.toContain('07700900123');
    expect(result.errors?.[0].extensions?.fields).toEqual([{ field: 'archived', message: 'must be true or false (Boolean)' }]);
  });

  it('names the path inside an input variable of the wrong type, never the value', async () => {
    const token = await api.tokenFor('nurse.rnq@nhs.net');
    const result = await api.graphql(
      'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id } }',
      { input: { wardId: 'x', patientName: { name: 'Jane Patient' }, contactName: 'Ann', startAt: '2027-02-30T10:00:00Z' } },
      { authorization: `Bearer ${token}` },
    );
    expect(result.errors?.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', fields: [{ field: 'input.patientName', message: 'must be text (String)' }] },
      { code: 'BAD_USER_INPUT', fields: [{ field: 'input.startAt', message: 'is not a real date and time (check the day of the month and the hour)' }] },
      { code: 'BAD_USER_INPUT', fields: [{ field: 'input.wardId', message: 'is not an id (ids are UUIDs, as the API gives them)' }] },
    ]);
    expect(JSON.stringify(result)).not.toContain('Jane');
  });
});

describe('query limits', () => {
  it('refuses a query nested deeper than the limit before running it', async () => {
    const depth = api.config.GRAPHQL_MAX_DEPTH + 1;
    const deep = `query Deep ${'{ wards '.repeat(depth)}{ id }${' }'.repeat(depth)}`;
    const result = await api.graphql(deep);
    expect(result.errors?.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/Deep is nested \d+ levels deep; the limit is/)]));
    const shallow = await api.graphql('query Shallow { wards { hospital { id } } }');
    expect(shallow.errors?.map((e) => e.message).join()).not.toMatch(/levels deep/);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: api.config.GRAPHQL_MAX_ALIASES + 1 }, (_, i) => `a${i}: __typename`).join(' ');
    const result = await api.graphql(`{ ${aliases} }`);
    expect(result.errors?.[0].message).toMatch(/aliases; the limit is/);
  });

  it('refuses a query whose estimated cost is over the limit', async () => {
    const fields = Array.from({ length: 40 }, (_, i) => `w${i}: wards { id code name }`).join(' ');
    const result = await api.graphql(`{ ${fields} }`);
    expect(result.errors?.map((e) => e.message).join()).toMatch(/would cost|aliases/);
  });

});

describe('health', () => {
  it('is live and ready when the database and queue are reachable', async () => {
    const live = await fetch(`${api.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, queue: { status: 'up', kind: 'in-process' } } });
  });

  it('keeps an idle connection open longer than a load balancer would (it never drops one the balancer is about to reuse)', async () => {
    const live = await fetch(`${api.url}/health/live`);
    expect(live.headers.get('keep-alive')).toBe(`timeout=${IDLE_CONNECTION_MS / 1000}`);
    expect(IDLE_CONNECTION_MS).toBeGreaterThan(60_000);
  });
});

describe('in production', () => {
  let production: ApiTestHarness;
  beforeAll(async () => {
    production = await startApiTestHarness({ NODE_ENV: 'production', REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', ENTRA_API_AUDIENCE: 'api://virtual-visits-test', ENTRA_AUTHORITY_BASE: 'https://login.microsoftonline.com', PUBLIC_BASE_URL: 'https://visit.example.nhs.uk', SECRETS_ENCRYPTION_KEY: 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=' }, [], { clock: () => NOW });
  });
  afterAll(() => production?.close());

  it('turns introspection off', async () => {
    const result = await production.graphql('{ __schema { types { name } } }');
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not suggest field names to a caller probing the schema', async () => {
    const dev = await api.graphql('{ ward { id } }');
    expect(dev.errors?.[0].message).toMatch(/Did you mean/);
    const prod = await production.graphql('{ ward { id } }');
    expect(prod.errors?.[0].message).not.toMatch(/Did you mean/);
  });
});
