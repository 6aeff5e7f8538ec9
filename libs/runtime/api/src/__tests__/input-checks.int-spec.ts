import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { HttpAdapterHost } from '@nestjs/core';
import { parse, stringify } from 'yaml';
import { buildTenantConfig } from '@vv/domain/trusts/testing';
import { DEMO_TENANTS } from '@vv/demo';
import { PERSISTED_QUERY_REFUSAL } from '@vv/platform/graphql';
import { Trust, TrustGroup } from '@vv/domain/trusts';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/** The classes of bad input found by hand, each answered clearly, by field, with nothing written. */
const NOW = new Date('2026-11-23T09:00:00Z');
const NURSE = 'nurse.rnq@nhs.net';
const ADMIN = 'trust.admin@kgh.nhs.uk';
const PLATFORM = 'platform.admin@nhs.net';
const BOOK = 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }';
const ONBOARD = 'mutation($input: OnboardTrustInput!) { onboardTrust(input: $input) { id } }';
type Result = { status: number; errors?: { message: string; extensions?: { code?: string; fields?: { field: string; message: string }[] } }[] };
const codes = (result: Result) => result.errors?.map((e) => e.extensions?.code) ?? [];
const fields = (result: Result) => result.errors?.flatMap((e) => e.extensions?.fields ?? []) ?? [];

let api: ApiTestHarness;
let ed: string;
beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => NOW });
  await api.loadDemoData();
  const wards = await api.as<{ wards: { id: string; code: string }[] }>(ADMIN, '{ wards { id code } }');
  ed = wards.data!.wards.find((w) => w.code === 'ED')!.id;
});
afterAll(() => api?.close());

const booking = (extra: Record<string, unknown>) => ({ input: { wardId: ed, patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900123', startAt: '2026-11-23T14:00:00Z', ...extra } });

describe('dates', () => {
  it.each([
    ['30 February', '2027-02-30T10:00:00Z', 'is not a real date and time (check the day of the month and the hour)'],
    ['a time with no offset', '2026-11-23T14:00:00', 'must give its UTC offset (Z or +01:00), e.g. 2026-06-01T14:00:00+01:00 or 2026-06-01T13:00:00Z'],
    ['the year 9999', '9999-01-01T10:00:00Z', 'must be between the years 2000 and 2099'],
    ['not a date', 'not a date', 'must be an ISO 8601 date and time with its UTC offset, e.g. 2026-06-01T14:00:00+01:00 or 2026-06-01T13:00:00Z'],
  ])('refuses %s, naming the field', async (_, startAt, message) => {
    const result = await api.as(NURSE, BOOK, booking({ startAt }));
    expect(fields(result)).toEqual([{ field: 'input.startAt', message }]);
  });

  it('refuses a booking more than a year ahead', async () => {
    const result = await api.as(NURSE, BOOK, booking({ startAt: '2028-01-10T14:00:00Z' }));
    expect(fields(result)).toEqual([{ field: 'startAt', message: 'must be within 366 days from now' }]);
  });

  it('refuses "not a date" in the visits filter before any SQL', async () => {
    const result = await api.as(NURSE, 'query($filter: VisitsFilterInput) { visits(filter: $filter) { edges { cursor } } }', { filter: { from: 'not a date' } });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(fields(result).map((f) => f.field)).toEqual(['filter.from']);
  });
});

describe('values written into the query itself', () => {
  const literal = (fields: string) => `mutation { bookVisit(input: { wardId: "${ed}", contactName: "David Jones", contactMobile: "07700 900123", ${fields} }) { id } }`;
  it.each([
    ['a name where a date goes', () => literal('patientName: "Margaret Jones", startAt: "Margaret Jones"'), 'input.startAt', 'must be an ISO 8601 date and time with its UTC offset, e.g. 2026-06-01T14:00:00+01:00 or 2026-06-01T13:00:00Z'],
    ['a number where text goes', () => literal('patientName: 1957, startAt: "2026-11-23T14:00:00Z"'), 'input.patientName', 'must be text (String)'],
    ['null where a value is required', () => literal('patientName: null, startAt: "2026-11-23T14:00:00Z"'), 'input.patientName', 'is required'],
    ['a required field left out', () => literal('startAt: "2026-11-23T14:00:00Z"'), 'input.patientName', 'is required'],
    ['a field that does not exist', () => literal('patientName: "Margaret Jones", patientNme: "Margaret Jones", startAt: "2026-11-23T14:00:00Z"'), 'input.patientNme', 'is not a field of BookVisitInput'],
    ['a name where a status goes', () => `{ visits(filter: { statuses: [BOOKED, MargaretJones] }) { edges { cursor } } }`, 'filter.statuses.1', 'must be one of the VisitStatus values'],
    ['text where a number goes, in a list', () => `mutation { createWard(input: { hospitalId: "${ed}", code: "X1", name: "Margaret Jones", defaultVisitMinutes: 30, maxConcurrentVisits: 1, visitingHours: [{ day: MONDAY, ranges: [] }, { day: TUESDAY, ranges: [17] }] }) { id } }`, 'input.visitingHours.1.ranges.0', 'must be text (String)'],
    ['text where a closed set goes', () => `mutation { createWard(input: { hospitalId: "${ed}", code: "X1", name: "Ward", defaultVisitMinutes: 30, maxConcurrentVisits: 1, visitingHours: [{ day: "Margaret Jones", ranges: [] }] }) { id } }`, 'input.visitingHours.0.day', 'must be one of the Weekday values'],
  ])('names the field for %s, and never quotes the value', async (_, query, field, message) => {
    const result = await api.as(NURSE, query());
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ message: `${field}: ${message}`, extensions: { code: 'BAD_USER_INPUT', fields: [{ field, message }] } });
    expect(JSON.stringify(result)).not.toMatch(/Margaret|1957|MargaretJones/);
  });

  it('does not quote an unknown operationName', async () => {
    const token = await api.tokenFor(NURSE);
    const result = await api.graphql('query A { me { id } } query B { me { id } }', undefined, { authorization: `Bearer ${token}` });
    expect(result.errors?.[0].extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    const named = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: 'query A { me { id } }', operationName: 'Margaret Jones' }) });
    const text = await named.text();
    expect(JSON.parse(text).errors[0]).toEqual({ message: 'No operation in the query has the name given as operationName', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
    expect(text).not.toMatch(/Margaret/);
  });

  it('does not quote a wrong default value of a variable either', async () => {
    const result = await api.as(NURSE, 'query($first: Int = "Margaret Jones") { visits(first: $first) { edges { cursor } } }');
    expect(result.errors?.[0].message).not.toMatch(/Margaret/);
    expect(result.errors?.[0].extensions?.code).toMatch(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/);
  });
});

describe('request bodies that cannot be read', () => {
  it.each([
    ['not JSON', { 'content-type': 'application/json' }, '{"query": "{ me { id } }", "variables": Margaret Jones}', 400, 'The request body is not valid JSON'],
    ['a name where JSON goes', { 'content-type': 'application/json' }, 'Margaret Jones', 400, 'The request body is not valid JSON'],
    ['over the size limit', { 'content-type': 'application/json' }, JSON.stringify({ query: '{ me { id } }', variables: { note: 'Margaret Jones '.repeat(20_000) } }), 413, 'The request body is too large'],
    ['not UTF-8', { 'content-type': 'application/json; charset=latin1' }, '{"query": "{ me { id } }"}', 415, 'The request body must be UTF-8'],
  ])('answers %s in the API’s error shape, without quoting the body', async (_, headers, body, status, message) => {
    const token = await api.tokenFor(NURSE);
    const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body });
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    expect(text).not.toMatch(/Margaret/);
  });
});

describe('addresses that go nowhere', () => {
  it.each([
    ['no such route', '/patients/Margaret-Jones', 'GET', 404, 'There is nothing at this address', 'NOT_FOUND'],
    ['a method the address does not take', '/notify/receipts/Margaret-Jones', 'GET', 404, 'There is nothing at this address', 'NOT_FOUND'],
    // (under /visit/, a family's link, the answer is the family's page instead: visits.int-spec.ts)
    ['an address that cannot be decoded', '/notify/receipts/Margaret%E0%A4%A', 'POST', 400, 'The request is not valid (check the address and the body)', 'BAD_REQUEST'],
  ])('answers %s in the API’s error shape, without quoting the address', async (_, path, method, status, message, code) => {
    const response = await fetch(`${api.url}${path}`, { method });
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ message, extensions: { code } }] });
    expect(text).not.toMatch(/Margaret/);
  });
});

describe('text', () => {
  it.each([
    ['a NUL in the patient name', { patientName: 'Jane\u0000Doe' }, 'input.patientName', 'holds control characters or broken Unicode'],
    ['a lone surrogate in the contact name', { contactName: 'David \uD800' }, 'input.contactName', 'holds control characters or broken Unicode'],
    ['a name of spaces and zero-width characters', { patientName: ' \u200B\u200D\uFEFF ' }, 'patientName', 'must not be blank'],
    ['a right-to-left override in the patient name', { patientName: 'Jane \u202Eeod' }, 'input.patientName', 'holds control characters or broken Unicode'],
    ['a directional isolate in the contact name', { contactName: 'Jane \u2066Doe\u2069' }, 'input.contactName', 'holds control characters or broken Unicode'],
    ['a personal number (070)', { contactMobile: '07012 345678' }, 'contactMobile', 'is not a UK mobile number (07… or +447…)'],
    ['a pager (076)', { contactMobile: '07612 345678' }, 'contactMobile', 'is not a UK mobile number (07… or +447…)'],
    ['an email domain too long to keep masked', { contactEmail: `d@${'a'.repeat(70)}.example.org` }, 'contactEmail', 'is not an email address'],
  ])('refuses %s, and books nothing', async (_, extra, field, message) => {
    const result = await api.as(NURSE, BOOK, booking(extra));
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(fields(result)).toContainEqual({ field, message });
    expect(JSON.stringify(result)).not.toMatch(/Jane|David \uD800/);
  });

  it('bounds secrets and refuses a callback token of spaces', async () => {
    const video = await api.as(ADMIN, 'mutation($input: VideoSettingsInput!) { updateVideoSettings(input: $input) { provider } }', { input: { secret: 'x'.repeat(200_000) } });
    expect(fields(video)).toEqual([{ field: 'input.secret', message: 'must be at most 1000 characters' }]);
    const token = await api.as(ADMIN, 'mutation($input: MessagingSettingsInput!) { updateMessagingSettings(input: $input) { callbackTokenSet } }', { input: { callbackToken: ' '.repeat(40) } });
    expect(fields(token)).toEqual([{ field: 'callbackToken', message: 'must be 32 to 200 printable characters without spaces' }]);
  });
});

describe('explicit null in partial updates', () => {
  const BRANDING = 'mutation($input: BrandingInput!) { updateBranding(input: $input) { logoUrl displayName } }';

  it('clears what can be cleared and refuses the rest, naming the field', async () => {
    expect((await api.as<{ updateBranding: { logoUrl: string | null } }>(ADMIN, BRANDING, { input: { logoUrl: 'https://www.kgh.nhs.uk/logo.png' } })).data!.updateBranding.logoUrl).toBe('https://www.kgh.nhs.uk/logo.png');
    expect((await api.as<{ updateBranding: { logoUrl: string | null } }>(ADMIN, BRANDING, { input: { logoUrl: null } })).data!.updateBranding.logoUrl).toBeNull();
    expect(fields(await api.as(ADMIN, BRANDING, { input: { displayName: null } }))).toEqual([{ field: 'input.displayName', message: 'cannot be cleared; leave it out to keep the current value' }]);
    const ward = await api.as(ADMIN, 'mutation($id: ID!, $input: UpdateWardInput!) { updateWard(id: $id, input: $input) { name } }', { id: ed, input: { name: null } });
    expect(fields(ward)).toEqual([{ field: 'input.name', message: 'cannot be cleared; leave it out to keep the current value' }]);
    const jitsi = await api.as(ADMIN, 'mutation($input: VideoSettingsInput!) { updateVideoSettings(input: $input) { baseUrl } }', { input: { baseUrl: null } });
    expect(fields(jitsi).map((f) => f.field)).toEqual(['baseUrl']);
    const sender = await api.as<{ updateMessagingSettings: { smsSenderId: string | null } }>(ADMIN, 'mutation($input: MessagingSettingsInput!) { updateMessagingSettings(input: $input) { smsSenderId } }', { input: { smsSenderId: null } });
    expect(sender.data!.updateMessagingSettings.smsSenderId).toBeNull();
  });

  it('refuses logo addresses with credentials or on private networks', async () => {
    for (const logoUrl of ['https://user:secret@www.kgh.nhs.uk/logo.png', 'https://169.254.169.254/latest/meta-data', 'https://localhost/logo.png', 'https://10.0.0.1/logo.png', 'http://www.kgh.nhs.uk/logo.png']) {
      expect(fields(await api.as(ADMIN, BRANDING, { input: { logoUrl } })).map((f) => f.field)).toEqual(['logoUrl']);
    }
  });
});

describe('onboarding documents', () => {
  const doc = (odsCode: string, overrides: Record<string, unknown> = {}) =>
    stringify(buildTenantConfig(odsCode, 'Northshire', { identity: { acceptedTenantIds: [DEMO_TENANTS.nhsmail], inviteEmailDomains: ['nhs.net'] }, ...overrides }));

  it.each([
    ['the billion laughs', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', 'must not use YAML anchors or aliases (& and *)'],
    ['a tag', 'odsCode: !!binary aGVsbG8=\n', 'must not use YAML tags (!)'],
    ['deep nesting', `${'['.repeat(200)}${']'.repeat(200)}`, 'is nested more than 16 levels deep'],
    ['a NUL written as an escape', 'odsCode: "R\\0X"\n', 'holds control characters or broken Unicode'],
  ])('refuses %s with a clear error and writes nothing', async (_, document, message) => {
    const before = await api.db.platform((em) => em.count(Trust, {}));
    const result = await api.as(PLATFORM, ONBOARD, { input: { document } });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(fields(result)[0].message).toBe(message);
    expect(await api.db.platform((em) => em.count(Trust, {}))).toBe(before);
  });

  it('refuses a colour white text cannot be read on, as updateBranding does', async () => {
    const parsed = parse(doc('RXC'));
    parsed.branding.primaryColour = '#7FB2E5';
    const document = stringify(parsed);
    const result = await api.as(PLATFORM, ONBOARD, { input: { document } });
    expect(fields(result)).toEqual([{ field: 'document.branding.primaryColour', message: 'has contrast 2.2:1 against white; white text needs at least 4.5:1' }]);
  });

  it('never renames an existing group for the trusts already in it', async () => {
    const result = await api.as(PLATFORM, ONBOARD, { input: { document: doc('RXD', { group: { code: 'UHN', name: 'Renamed Group' } }) } });
    expect(fields(result).map((f) => f.field)).toEqual(['document.group.name']);
    expect((await api.db.platform((em) => em.findOneOrFail(TrustGroup, { code: 'UHN' }))).name).toBe('University Hospitals of Northamptonshire');
  });

  it('refuses video settings a visit could not start with', async () => {
    const parsed = parse(doc('RXE'));
    parsed.video = { provider: 'jitsi', baseUrl: 'https://meet.example.org/rooms', secretEnv: 'RXE_JITSI_SECRET' };
    const result = await api.as(PLATFORM, ONBOARD, { input: { document: stringify(parsed) } });
    expect(fields(result).map((f) => f.field)).toEqual(['document.video.baseUrl']);
  });
});

describe('the video service refusing', () => {
  it('answers VIDEO_SERVICE_REFUSED in plain words, and the visit stays booked', async () => {
    const r1kAdmin = 'trust.admin@lnwh.nhs.uk';
    const r1kNurse = 'nurse.r1k@nhs.net';
    const wrongKey = 'a-whereby-key-the-service-does-not-know';
    expect((await api.as(r1kAdmin, 'mutation($input: VideoSettingsInput!) { updateVideoSettings(input: $input) { secretSet } }', { input: { secret: wrongKey } })).errors).toBeUndefined();
    const wards = await api.as<{ wards: { id: string; code: string; hospital: { siteCode: string } }[] }>(r1kAdmin, '{ wards { id code hospital { siteCode } } }');
    const ward = wards.data!.wards.find((w) => w.code === 'ED' && w.hospital.siteCode === 'R1K01')!.id;
    const booked = await api.as<{ bookVisit: { id: string } }>(r1kNurse, BOOK, { input: { wardId: ward, patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900123', startAt: '2026-11-23T09:10:00Z' } });
    const id = booked.data!.bookVisit.id;
    const started = await api.as(r1kNurse, 'mutation($id: ID!) { startVisit(id: $id) { visitorLink } }', { id });
    expect(started.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['VIDEO_SERVICE_REFUSED', "The video service refused to open the room. Ask the trust's digital team to check the video settings."],
    ]);
    expect(JSON.stringify(started)).not.toContain(wrongKey);
    const visit = await api.as<{ visit: { status: string } }>(r1kNurse, 'query($id: ID!) { visit(id: $id) { status } }', { id });
    expect(visit.data!.visit.status).toBe('BOOKED');
  });
});

describe('heavy queries from callers who have not signed in', () => {
  const oversize = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;

  it('refuses an oversize query cheaply, before parsing, unless the caller has signed in', async () => {
    const anonymous = await api.graphql(oversize);
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors![0].message).toBe('Sign in to send a request over 8192 bytes');
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const forged = await api.graphql(oversize, undefined, { authorization: 'Bearer not.a.token' });
    expect(codes(forged)).toEqual(['UNAUTHENTICATED']);
    const signedIn = await api.as(NURSE, oversize);
    expect(codes(signedIn)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(signedIn.errors![0].message).toMatch(/2000 tokens/);
  });

  it('answers a signed-in request over the budget but within the limits', async () => {
    const long = `# ${'a long comment '.repeat(1500)}\n{ me { email } }`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(20_000);
    const anonymous = await api.graphql(long);
    expect([anonymous.status, codes(anonymous)]).toEqual([401, ['UNAUTHENTICATED']]);
    const signedIn = await api.as<{ me: { email: string } }>(NURSE, long);
    expect(signedIn.data?.me.email).toBe(NURSE);
  });

  it('answers 401 from the headers alone, without waiting for the body, and closes the connection', async () => {
    // the headers promise 200 KB; only the first 1 KB of it is ever sent
    const { answer } = await sendRaw(200_000, `{"query":"{ ${'a: __typename '.repeat(70)}`);
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 401 /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(head.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(body)).toEqual({ errors: [{ message: 'Sign in to send a request over 8192 bytes', extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('reads no more of a refused body than came with the headers: the connection goes as soon as the answer is written', async () => {
    const body = JSON.stringify({ query: `{ ${'a: __typename '.repeat(30_000)}}` });
    const { answer, bytesReadByApi } = await sendRaw(Buffer.byteLength(body), body);
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(body.length).toBeGreaterThan(400_000);
    // one read of the socket (64 KB) takes the headers and what came with them; answering with
    // `connection: close` and no more would have read and thrown away the whole 400 KB
    expect(bytesReadByApi).toBeLessThan(100_000);
  });

  /** Sends a POST to /graphql with `content-length: declared`, then `body`; resolves when the API has closed the connection. */
  async function sendRaw(declared: number, body: string): Promise<{ answer: string; bytesReadByApi: number }> {
    const server = api.appGet<HttpAdapterHost>(HttpAdapterHost).httpAdapter.getHttpServer() as Server;
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const socket = connect(Number(new URL(api.url).port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // the API may close before all of the body is written
    socket.write(`POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${declared}\r\n\r\n${body}`);
    const apiSide = await accepted;
    const closed = (side: Socket) => new Promise<void>((resolve) => side.once('close', () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the API waited for the body')), 5_000)));
    await Promise.race([Promise.all([closed(apiSide), closed(socket)]), waited]).finally(() => {
      clearTimeout(timer);
      socket.destroy();
    });
    return { answer: Buffer.concat(chunks).toString('utf8'), bytesReadByApi: apiSide.bytesRead };
  }
});

describe('the same entry twice, and entries that contradict each other', () => {
  const WARD = 'mutation($id: ID!, $input: UpdateWardInput!) { updateWard(id: $id, input: $input) { visitingHours { day ranges } } }';
  const hoursOf = async () => (await api.as<{ wards: { id: string; visitingHours: unknown }[] }>(ADMIN, '{ wards { id visitingHours { day ranges } } }')).data!.wards.find((w) => w.id === ed)!.visitingHours;

  it.each([
    ['a day given twice (the second would replace the first unsaid)', [{ day: 'MONDAY', ranges: ['09:00-12:00'] }, { day: 'MONDAY', ranges: ['14:00-16:00'] }], 'visitingHours.1.day', 'is given twice: give each day once, with all its ranges'],
    ['overlapping ranges on one day', [{ day: 'MONDAY', ranges: ['09:00-12:00', '11:00-13:00'] }], 'visitingHours.0.ranges.1', 'overlaps another range on the same day'],
    ['one range twice', [{ day: 'FRIDAY', ranges: ['09:00-12:00', '09:00-12:00'] }], 'visitingHours.0.ranges.1', 'overlaps another range on the same day'],
    ['more ranges in a day than anyone keeps', [{ day: 'FRIDAY', ranges: Array.from({ length: 500 }, (_, i) => `${String(i % 24).padStart(2, '0')}:00-${String(i % 24).padStart(2, '0')}:30`) }], 'visitingHours.0.ranges.8', 'a day has at most 8 ranges'],
  ])('refuses %s, naming the entry, and keeps the ward as it was', async (_, visitingHours, field, message) => {
    const before = await hoursOf();
    const result = await api.as(ADMIN, WARD, { id: ed, input: { visitingHours } });
    expect(fields(result)).toContainEqual({ field, message });
    expect(await hoursOf()).toEqual(before);
  });

  it('refuses a message template given twice', async () => {
    const result = await api.as(ADMIN, 'mutation($input: MessagingSettingsInput!) { updateMessagingSettings(input: $input) { reminderMinutesBefore } }', {
      input: { templates: [{ kind: 'REMINDER', sms: '7b4a6d3c-2f7e-4a5e-9b1f-0c8d1e2f3a4b' }, { kind: 'REMINDER', sms: '8b4a6d3c-2f7e-4a5e-9b1f-0c8d1e2f3a4b' }] },
    });
    expect(fields(result)).toEqual([{ field: 'templates.1.kind', message: 'is given twice: give each message once' }]);
  });

  it('answers an idempotency key sent again with another patient CONFLICT, and books nothing more', async () => {
    const key = 'retry-key-for-another-patient';
    const first = await api.as<{ bookVisit: { id: string } }>(NURSE, BOOK, booking({ idempotencyKey: key, startAt: '2026-11-23T17:00:00Z' }));
    const again = await api.as<{ bookVisit: { id: string } }>(NURSE, BOOK, booking({ idempotencyKey: key, startAt: '2026-11-23T17:00:00Z' }));
    expect(again.data!.bookVisit.id).toBe(first.data!.bookVisit.id);
    const count = () => api.ownerOrm.em.fork().getConnection().execute<{ n: number }[]>(`select count(*)::int as n from visit`);
    const before = await count();
    const other = await api.as(NURSE, BOOK, booking({ idempotencyKey: key, patientName: 'Jane Doe', startAt: '2026-11-23T17:30:00Z' }));
    expect(other.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['CONFLICT', 'That idempotency key was used for another booking: send a new key with a new booking']]);
    expect(JSON.stringify(other)).not.toMatch(/Jane|Margaret/);
    expect(await count()).toEqual(before);
  });

  it('refuses an invitation naming a place its scope does not take, or an address with direction controls', async () => {
    const INVITE = 'mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }';
    const stray = await api.as(ADMIN, INVITE, { input: { email: 'stray.place@kgh.nhs.uk', role: 'TRUST_ADMIN', scope: 'TRUST', wardId: ed } });
    expect(fields(stray)).toEqual([{ field: 'wardId', message: 'must be left out unless the scope is ward' }]);
    const reversed = await api.as(ADMIN, INVITE, { input: { email: 'ten.\u202Ekgh@kgh.nhs.uk', role: 'TRUST_ADMIN', scope: 'TRUST' } });
    expect(codes(reversed)).toEqual(['BAD_USER_INPUT']);
    const pending = await api.as<{ invitations: { email: string }[] }>(ADMIN, '{ invitations { email } }');
    expect(pending.data!.invitations.map((i) => i.email)).not.toContain('stray.place@kgh.nhs.uk');
  });

  it('refuses a Jitsi server on this machine or a private network, as for every address families open', async () => {
    for (const baseUrl of ['https://[::1]', 'https://10.0.0.1', 'https://localhost']) {
      const result = await api.as(ADMIN, 'mutation($input: VideoSettingsInput!) { updateVideoSettings(input: $input) { baseUrl } }', { input: { baseUrl } });
      expect([baseUrl, fields(result)]).toEqual([baseUrl, [{ field: 'baseUrl', message: 'must name a public host, not an IP address or a local name' }]]);
    }
  });
});

describe('requests GraphQL cannot serve whatever the data', () => {
  it('refuses two changes in one request before either is made, so a refused one never follows a done one', async () => {
    const booked = await api.as<{ bookVisit: { id: string } }>(NURSE, BOOK, booking({ startAt: '2026-11-23T18:00:00Z' }));
    const id = booked.data!.bookVisit.id;
    const twice = await api.as(NURSE, 'mutation($id: ID!) { a: cancelVisit(id: $id, reason: "Patient moved") { id } b: cancelVisit(id: $id, reason: "Patient moved") { id } }', { id });
    expect(codes(twice)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const visit = await api.as<{ visit: { status: string } }>(NURSE, 'query($id: ID!) { visit(id: $id) { status } }', { id });
    expect(visit.data!.visit.status).toBe('BOOKED');
  });

  it.each([
    ['a subscription (the schema has none)', { query: 'subscription { me { id } }' }],
  ])('answers %s BAD_REQUEST, not the masked error', async (_, body) => {
    const token = await api.tokenFor(NURSE);
    const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    expect(response.status).toBeLessThan(500);
    const answer = (await response.json()) as Result;
    expect(codes(answer)).toEqual(['BAD_REQUEST']);
  });

  it.each([
    ['its hash alone', { extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('{ me { id } }').digest('hex') } } }],
    ['its hash beside the query', { query: '{ me { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('{ me { id } }').digest('hex') } } }],
  ])('answers a persisted query, %s, 400 BAD_REQUEST: the API keeps none', async (_, body) => {
    const token = await api.tokenFor(NURSE);
    const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const answer = (await response.json()) as Result;
    expect([response.status, answer.errors?.map((e) => [e.extensions?.code, e.message])]).toEqual([400, [['BAD_REQUEST', PERSISTED_QUERY_REFUSAL]]]);
  });
});
