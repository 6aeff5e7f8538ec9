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

describe('text that is not UTF-8', () => {
  const NURSE = 'nurse.rnq@nhs.net';
  const BOOK = 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }';
  const UTF8 = { status: 400, errors: [{ message: 'The request body must be UTF-8', extensions: { code: 'BAD_REQUEST' } }] };
  let nurse: Record<string, string>;
  let ed: string;
  beforeAll(async () => {
    nurse = { authorization: `Bearer ${await api.tokenFor(NURSE)}` };
    ed = (await api.as<{ wards: { id: string; code: string }[] }>(NURSE, '{ wards { id code } }')).data!.wards.find((w) => w.code === 'ED')!.id;
  });
  const booking = (patientName: string, startAt = '2026-11-23T14:00:00Z') => ({ query: BOOK, variables: { input: { wardId: ed, patientName, contactName: 'David Jones', contactMobile: '07700 900123', startAt } } });
  const patients = async () =>
    (await api.as<{ visits: { edges: { node: { patientName: string } }[] } }>(NURSE, '{ visits(first: 100, filter: { view: UPCOMING }) { edges { node { patientName } } } }')).data!.visits.edges.map((e) => e.node.patientName);
  /** A booking whose patient name is "Bad <bytes> Name", the bytes sent raw inside the JSON string. */
  const withRawBytes = (bytes: number[]) => {
    const [before, after] = JSON.stringify(booking('Bad MARK Name')).split('MARK');
    return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
  };

  it.each([
    ['stray bytes (0xFF 0xFE)', [0xff, 0xfe]],
    ['an overlong "/" (0xC0 0xAF)', [0xc0, 0xaf]],
    ['a surrogate encoded as UTF-8 (0xED 0xA0 0x80)', [0xed, 0xa0, 0x80]],
    ['a sequence cut short (0xE2 0x82)', [0xe2, 0x82]],
  ])('refuses a name holding %s with a 400 BAD_REQUEST, booking nothing', async (_, bytes) => {
    const result = await send({ method: 'POST', headers: { 'content-type': 'application/json', ...nurse }, body: withRawBytes(bytes) });
    expect(result).toEqual(UTF8);
    expect((await patients()).filter((name) => name.startsWith('Bad'))).toEqual([]);
  });

  it('refuses JSON declared in another charset with a 415, booking nothing', async () => {
    const result = await send({ method: 'POST', headers: { 'content-type': 'application/json; charset=utf-16le', ...nurse }, body: Buffer.from(JSON.stringify(booking('Bad Charset Name')), 'utf16le') });
    expect(result).toEqual({ ...UTF8, status: 415 });
    expect((await patients()).filter((name) => name.startsWith('Bad'))).toEqual([]);
  });

  it('refuses a form (to /graphql or the visitor page’s join) and a Notify receipt that are not UTF-8', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(await send({ method: 'POST', headers: { ...form, ...nurse, 'apollo-require-preflight': 'true' }, body: `query=${encodeURIComponent(BOOK)}&patientName=Bad%FFName` })).toEqual(UTF8);
    expect(await send({ method: 'POST', headers: { ...form, ...nurse, 'apollo-require-preflight': 'true' }, body: 'query=%7B%20me%20%7B%20id%20%7D%20%7D&note=50%' })).toEqual(UTF8);
    expect(await send({ method: 'POST', headers: form, body: 'go=Con%ED%A0%80Pat' }, '/visit/RNQ/not-a-token/join')).toEqual(UTF8);
    const receipt = Buffer.concat([Buffer.from('{"id":"Bad '), Buffer.from([0xff]), Buffer.from('","reference":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","status":"delivered"}')]);
    expect(await send({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: receipt }, '/notify/receipts/RNQ')).toEqual(UTF8);
  });

  // at its own time, so it does not depend on whether the refused bookings took the slot
  it('books a name in Welsh, Irish and Chinese as it was typed', async () => {
    const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...nurse }, body: Buffer.from(JSON.stringify(booking('Siân Ó Dónaill 李', '2026-11-23T15:00:00Z'))) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect(await patients()).toContain('Siân Ó Dónaill 李');
  });
});
