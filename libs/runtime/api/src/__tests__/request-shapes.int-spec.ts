import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * Requests GraphQL cannot take as they are: batched (a JSON array), a mutation over GET, a body
 * that is not JSON or not a JSON object, a type other than JSON. Each is a clear 4xx with code
 * BAD_REQUEST before any resolver runs, never a 500, and writes nothing.
 */
const NOW = new Date('2026-11-23T09:00:00Z');
const ADMIN = 'trust.admin@kgh.nhs.uk';
let api: ApiTestHarness;
let auth: Record<string, string>;
let hospital: { id: string; name: string };
beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => NOW });
  await api.loadDemoData();
  auth = { authorization: `Bearer ${await api.tokenFor(ADMIN)}` };
  hospital = (await api.as<{ hospitals: { id: string; name: string }[] }>(ADMIN, '{ hospitals { id name } }')).data!.hospitals[0];
});
afterAll(() => api?.close());

async function send(init: RequestInit, path = '/graphql'): Promise<{ status: number; errors: { message: string; extensions?: { code?: string } }[] }> {
  const response = await fetch(`${api.url}${path}`, init);
  const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, errors: body.errors ?? [] };
}
const NOT_AN_OBJECT = 'The request body must be a JSON object, such as {"query": "{ me { id } }"}';
const RENAME = `mutation { renameHospital(id: "HOSPITAL", name: "Renamed by a stray request") { id } }`;
const nameNow = async () => (await api.as<{ hospitals: { id: string; name: string }[] }>(ADMIN, '{ hospitals { id name } }')).data!.hospitals.find((h) => h.id === hospital.id)!.name;

it.each([
  ['a batch of operations (a JSON array)', () => JSON.stringify([{ query: RENAME.replace('HOSPITAL', hospital.id) }, { query: '{ me { id } }' }]), 'Operation batching disabled.'],
  ['an empty batch', () => '[]', 'Operation batching disabled.'],
  ['an empty body', () => '', 'POST body missing, invalid Content-Type, or JSON object has no keys.'],
  ['an empty object', () => '{}', 'POST body missing, invalid Content-Type, or JSON object has no keys.'],
  ['JSON null', () => 'null', NOT_AN_OBJECT],
  ['a number', () => '42', NOT_AN_OBJECT],
  ['a string', () => JSON.stringify(RENAME), NOT_AN_OBJECT],
  ['true', () => ' true ', NOT_AN_OBJECT],
  ['JSON cut short', () => '{"query": "{ me { id } }"', 'The request body is not valid JSON'],
  ['a query that is not text', () => '{"query":42}', 'GraphQL queries must be strings.'],
])('refuses %s with a 400 BAD_REQUEST, writing nothing', async (_, body, message) => {
  const result = await send({ method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: body() });
  expect(result).toEqual({ status: 400, errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  expect(await nameNow()).toBe(hospital.name);
});

it.each([
  ['text/plain', 'text/plain'],
  ['a form', 'application/x-www-form-urlencoded'],
  ['XML', 'application/xml'],
  ['no content type', undefined],
])('refuses a body sent as %s with a 400 BAD_REQUEST, writing nothing', async (_, type) => {
  const result = await send({ method: 'POST', headers: { ...(type ? { 'content-type': type } : {}), ...auth }, body: JSON.stringify({ query: RENAME.replace('HOSPITAL', hospital.id) }) });
  expect(result.status).toBe(400);
  expect(result.errors.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
  expect(await nameNow()).toBe(hospital.name);
});

it('refuses a mutation over GET with a 405 BAD_REQUEST, writing nothing, and answers a query over GET', async () => {
  const headers = { ...auth, 'apollo-require-preflight': 'true' };
  const mutation = await send({ method: 'GET', headers }, `/graphql?query=${encodeURIComponent(RENAME.replace('HOSPITAL', hospital.id))}`);
  expect(mutation).toEqual({ status: 405, errors: [{ message: 'GET requests only support query operations, not mutation operations', extensions: { code: 'BAD_REQUEST' } }] });
  expect(await nameNow()).toBe(hospital.name);
  const query = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ me { email } }')}`, { headers });
  expect(query.status).toBe(200);
  expect(await query.json()).toEqual({ data: { me: { email: ADMIN } } });
});
