import { decodeJwt } from 'jose';
import { Notification } from '@vv/domain/notifications';
import { Trust } from '@vv/domain/trusts';
import { RetentionService, Visit, VisitService } from '@vv/domain/visits';
import { nhsukAssetUrls } from '@vv/ui/nhsuk';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * The visit lifecycle through the public API, on a clock the test moves: every transition,
 * every booking rule with its error, idempotency under concurrency, other wards and trusts,
 * the clock changes, and the visitor's link over HTTP.
 */
let now = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT
let api: ApiTestHarness;
let wards: Record<string, string>;

const NURSE = 'nurse.rnq@nhs.net'; // ward staff, RNQ ED (24 hours, 4 at once, unscheduled visits, rebook off)
const MANAGER = 'ward.manager.rnq@nhs.net'; // ward manager, RNQ CCU (11:00-13:00 and 15:00-20:00, 2 at once) and W6-RESP
const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code) ?? [];
const fields = (result: { errors?: { extensions?: { fields?: { field: string; message: string }[] } }[] }) => result.errors?.[0]?.extensions?.fields ?? [];

const VISIT = 'id status scheduledStart scheduledEnd lengthMinutes patientName contactName contactMobile contactEmail ward { code } rebookedFromId durationSeconds';
const BOOK = `mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { ${VISIT} } }`;
const START = `mutation Start($id: ID!) { startVisit(id: $id) { visitorLink wardDeviceJoinUrl visit { status linkValidUntil } } }`;
const COMPLETE = `mutation Complete($id: ID!) { completeVisit(id: $id) { status durationSeconds } }`;
const CANCEL = `mutation Cancel($id: ID!, $reason: String!) { cancelVisit(id: $id, reason: $reason) { status } }`;
const RESCHEDULE = `mutation Move($id: ID!, $startAt: DateTime!) { rescheduleVisit(id: $id, startAt: $startAt) { status scheduledStart } }`;
const REBOOK = `mutation Rebook($id: ID!, $startAt: DateTime!) { rebookVisit(id: $id, input: { startAt: $startAt }) { ${VISIT} } }`;

function booking(ward: string, startAt: string | null, extra: Record<string, unknown> = {}) {
  return { input: { wardId: wards[ward], patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900123', ...(startAt ? { startAt } : {}), ...extra } };
}

async function book(email: string, ward: string, startAt: string, extra: Record<string, unknown> = {}) {
  const result = await api.as<{ bookVisit: { id: string; status: string } }>(email, BOOK, booking(ward, startAt, extra));
  expect(result.errors).toBeUndefined();
  return result.data!.bookVisit;
}

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => now });
  await api.loadDemoData();
  const result = await api.as<{ wards: { id: string; code: string; hospital: { siteCode: string } }[] }>('trust.admin@kgh.nhs.uk', '{ wards { id code hospital { siteCode } } }');
  wards = Object.fromEntries(result.data!.wards.map((w) => [w.code, w.id]));
});
afterAll(() => api?.close());
beforeEach(() => {
  now = new Date('2026-11-23T09:00:00Z');
});

describe('booking', () => {
  it('books a visit on the nurse\'s ward with the mobile normalised, and records the history', async () => {
    const result = await api.as<{ bookVisit: Record<string, unknown> }>(NURSE, BOOK, booking('ED', '2026-11-23T14:00:00Z', { lengthMinutes: 45 }));
    expect(result.errors).toBeUndefined();
    expect(result.data!.bookVisit).toMatchObject({
      status: 'BOOKED',
      scheduledStart: '2026-11-23T14:00:00.000Z',
      scheduledEnd: '2026-11-23T14:45:00.000Z',
      lengthMinutes: 45,
      patientName: 'Margaret Jones',
      contactMobile: '+447700900123',
      ward: { code: 'ED' },
    });
    const id = result.data!.bookVisit.id as string;
    const history = await api.as<{ visit: { history: { type: string }[] } }>(NURSE, 'query($id: ID!) { visit(id: $id) { history { type } } }', { id });
    expect(history.data!.visit.history.map((e) => e.type)).toEqual(['BOOKED']);
  });

  it("uses the ward's default length", async () => {
    const visit = await api.as<{ bookVisit: { lengthMinutes: number } }>(MANAGER, BOOK, booking('CCU', '2026-11-23T11:00:00Z'));
    expect(visit.data!.bookVisit.lengthMinutes).toBe(30);
  });

  it.each([
    ['a time in the past', () => booking('ED', '2026-11-23T08:00:00Z'), [{ field: 'startAt', message: 'is in the past' }]],
    ['a length too long', () => booking('ED', '2026-11-23T14:00:00Z', { lengthMinutes: 600 }), [{ field: 'lengthMinutes', message: 'must be a whole number of minutes from 5 to 240' }]],
    ['a length too short', () => booking('ED', '2026-11-23T14:00:00Z', { lengthMinutes: 2 }), [{ field: 'lengthMinutes', message: 'must be a whole number of minutes from 5 to 240' }]],
    ['a landline', () => booking('ED', '2026-11-23T14:00:00Z', { contactMobile: '01536 492000' }), [{ field: 'contactMobile', message: 'is not a UK mobile number (07… or +447…)' }]],
    ['a bad email', () => booking('ED', '2026-11-23T14:00:00Z', { contactEmail: 'david@' }), [{ field: 'contactEmail', message: 'is not an email address' }]],
    ['no way to reach the contact', () => booking('ED', '2026-11-23T14:00:00Z', { contactMobile: null }), [{ field: 'contactMobile', message: expect.stringMatching(/give a mobile number or an email address/) }]],
    ['no patient name', () => booking('ED', '2026-11-23T14:00:00Z', { patientName: '   ' }), [{ field: 'patientName', message: 'must not be blank' }]],
    ['no time', () => booking('ED', null), [{ field: 'startAt', message: 'is required' }]],
  ])('refuses %s as BAD_USER_INPUT naming the field, and writes nothing', async (_label, variables, expected) => {
    const before = await countVisits();
    const result = await api.as(NURSE, BOOK, variables());
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(fields(result)).toEqual(expected);
    expect(JSON.stringify(result)).not.toMatch(/Margaret|David|07700|01536/);
    expect(await countVisits()).toBe(before);
  });

  it("refuses a time outside the ward's visiting hours, naming the local time", async () => {
    const result = await api.as(MANAGER, BOOK, booking('CCU', '2026-11-23T13:30:00Z'));
    expect(fields(result)).toEqual([{ field: 'startAt', message: "must be within the ward's visiting hours (Monday 23 November 2026 at 1:30pm is not)" }]);
    const overlapping = await api.as(MANAGER, BOOK, booking('CCU', '2026-11-23T12:45:00Z', { lengthMinutes: 30 }));
    expect(codes(overlapping)).toEqual(['BAD_USER_INPUT']);
  });

  it("refuses more visits at once than the ward has devices", async () => {
    await book(MANAGER, 'CCU', '2026-11-24T15:00:00Z', { lengthMinutes: 60 });
    await book(MANAGER, 'CCU', '2026-11-24T15:30:00Z', { lengthMinutes: 60 });
    const third = await api.as(MANAGER, BOOK, booking('CCU', '2026-11-24T15:45:00Z', { lengthMinutes: 15 }));
    expect(fields(third)).toEqual([{ field: 'startAt', message: 'the ward already has 2 visits at that time, its limit' }]);
    // back to back is fine: 16:00 one of the two has finished
    await book(MANAGER, 'CCU', '2026-11-24T16:00:00Z', { lengthMinutes: 30 });
  });

  it('lets no more visits at once than the ward has devices through when many book the same slot at the same moment', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => api.as(MANAGER, BOOK, booking('CCU', '2026-11-26T11:00:00Z', { lengthMinutes: 30 }))));
    expect(results.filter((r) => !r.errors)).toHaveLength(2);
    expect(results.filter((r) => r.errors).map(fields)).toEqual(Array(10).fill([{ field: 'startAt', message: 'the ward already has 2 visits at that time, its limit' }]));
  });

  it('books an unscheduled "visit now" only where the ward allows it', async () => {
    const ed = await api.as<{ bookVisit: { scheduledStart: string } }>(NURSE, BOOK, booking('ED', null, { startNow: true }));
    expect(ed.data!.bookVisit.scheduledStart).toBe(now.toISOString());
    const ccu = await api.as(MANAGER, BOOK, booking('CCU', null, { startNow: true }));
    expect(fields(ccu)).toEqual([{ field: 'startNow', message: 'this ward does not take unscheduled visits' }]);
  });

  it("refuses wards that are not the caller's, and roles that cannot book", async () => {
    const notTheirs = await api.as(NURSE, BOOK, booking('CCU', '2026-11-23T15:00:00Z'));
    expect(codes(notTheirs)).toEqual(['NOT_FOUND']);
    const admin = await api.as('trust.admin@kgh.nhs.uk', BOOK, booking('ED', '2026-11-23T15:00:00Z'));
    expect(codes(admin)).toEqual(['FORBIDDEN']);
    const analyst = await api.as('group.analyst@nhs.net', BOOK, booking('ED', '2026-11-23T15:00:00Z'), 'RNQ');
    expect(codes(analyst)).toEqual(['FORBIDDEN']);
  });

  it('gives one visit for one idempotency key, even sent a hundred times at once', async () => {
    const variables = booking('ED', '2026-11-25T10:00:00Z', { idempotencyKey: 'ward-tablet-7f3a9c21' });
    const results = await Promise.all(Array.from({ length: 100 }, () => api.as<{ bookVisit: { id: string } }>(NURSE, BOOK, variables)));
    const ids = new Set(results.map((r) => r.data?.bookVisit.id));
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(ids.size).toBe(1);
    const rows = await api.db.inTrust(await rnq(), (em) => em.count(Visit, { idempotencyKey: 'ward-tablet-7f3a9c21' }));
    expect(rows).toBe(1);
  });
});

describe('the lifecycle', () => {
  it('start → visitor joins → complete, with the duration recorded; illegal moves are CONFLICT naming the state', async () => {
    const visit = await book(NURSE, 'ED', '2026-11-23T09:30:00Z', { lengthMinutes: 30 });
    now = new Date('2026-11-23T09:28:00Z');
    const started = await api.as<{ startVisit: { visitorLink: string; visit: { status: string; linkValidUntil: string } } }>(NURSE, START, { id: visit.id });
    expect(started.errors).toBeUndefined();
    expect(started.data!.startVisit.visit).toEqual({ status: 'READY', linkValidUntil: '2026-11-23T10:15:00.000Z' });
    expect(codes(await api.as(NURSE, START, { id: visit.id }))).toEqual(['CONFLICT']);

    await fetch(`${api.url}${new URL(started.data!.startVisit.visitorLink).pathname}/join`, { method: 'POST', redirect: 'manual' });
    now = new Date('2026-11-23T10:19:00Z');
    const completed = await api.as<{ completeVisit: { status: string; durationSeconds: number } }>(NURSE, COMPLETE, { id: visit.id });
    expect(completed.data!.completeVisit).toEqual({ status: 'COMPLETED', durationSeconds: 51 * 60 });
    const again = await api.as(NURSE, COMPLETE, { id: visit.id });
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(again.errors![0].message).toBe('A visit that is completed cannot be completed');
    expect(codes(await api.as(NURSE, CANCEL, { id: visit.id, reason: 'family unwell' }))).toEqual(['CONFLICT']);
    expect(codes(await api.as(NURSE, RESCHEDULE, { id: visit.id, startAt: '2026-11-24T10:00:00Z' }))).toEqual(['CONFLICT']);
    // dated by the platform's clock (the test's), never the database's or the process's; the join
    // at the very instant of the start still reads after it
    const history = await api.as<{ visit: { history: { type: string; occurredAt: string }[] } }>(NURSE, 'query($id: ID!) { visit(id: $id) { history { type occurredAt } } }', { id: visit.id });
    expect(history.data!.visit.history).toEqual([
      { type: 'BOOKED', occurredAt: '2026-11-23T09:00:00.000Z' },
      { type: 'STARTED', occurredAt: '2026-11-23T09:28:00.000Z' },
      { type: 'VISITOR_JOINED', occurredAt: '2026-11-23T09:28:00.000Z' },
      { type: 'COMPLETED', occurredAt: '2026-11-23T10:19:00.000Z' },
    ]);
    const audited = await api.db.inTrust((rnqSync ??= await rnq()), (em) =>
      em.getConnection().execute<{ action: string; at: Date }[]>(`select action, occurred_at as at from audit_event where target_type = 'visit' and target_id = ? and action <> 'visit.personal_data_read' order by action`, [visit.id], 'all', em.getTransactionContext()),
    );
    expect(audited.map((a) => [a.action, new Date(a.at).toISOString()])).toEqual([
      ['visit.booked', '2026-11-23T09:00:00.000Z'],
      ['visit.completed', '2026-11-23T10:19:00.000Z'],
      ['visit.started', '2026-11-23T09:28:00.000Z'],
      ['visit.visitor_joined', '2026-11-23T09:28:00.000Z'],
    ]);
  });

  it('refuses to start a visit too early or after its slot', async () => {
    const visit = await book(NURSE, 'ED', '2026-11-23T12:00:00Z');
    const early = await api.as(NURSE, START, { id: visit.id });
    expect(codes(early)).toEqual(['CONFLICT']);
    expect(early.errors![0].message).toBe('This visit can be started from Monday 23 November 2026 at 11:30am');
    const short = await book(NURSE, 'ED', '2026-11-23T09:10:00Z', { lengthMinutes: 20 });
    now = new Date('2026-11-23T09:31:00Z');
    const late = await api.as(NURSE, START, { id: short.id });
    expect(late.errors![0]).toMatchObject({ message: 'The time of this visit has passed; reschedule it instead', extensions: { code: 'CONFLICT' } });
  });

  it('cancels with a reason; a cancelled visit cannot be started or completed', async () => {
    const visit = await book(NURSE, 'ED', '2026-11-23T15:00:00Z');
    expect(fields(await api.as(NURSE, CANCEL, { id: visit.id, reason: '' }))).toEqual([{ field: 'reason', message: 'must be 3 to 500 characters' }]);
    expect((await api.as<{ cancelVisit: { status: string } }>(NURSE, CANCEL, { id: visit.id, reason: 'Patient moved to another ward' })).data!.cancelVisit.status).toBe('CANCELLED');
    const start = await api.as(NURSE, START, { id: visit.id });
    expect(start.errors![0]).toMatchObject({ message: 'A visit that is cancelled cannot be started', extensions: { code: 'CONFLICT' } });
    expect(codes(await api.as(NURSE, COMPLETE, { id: visit.id }))).toEqual(['CONFLICT']);
  });

  it('reschedules a started visit back to booked', async () => {
    const visit = await book(NURSE, 'ED', '2026-11-23T09:10:00Z');
    await api.as(NURSE, START, { id: visit.id });
    const moved = await api.as<{ rescheduleVisit: { status: string; scheduledStart: string } }>(NURSE, RESCHEDULE, { id: visit.id, startAt: '2026-11-23T18:00:00Z' });
    expect(moved.data!.rescheduleVisit).toEqual({ status: 'BOOKED', scheduledStart: '2026-11-23T18:00:00.000Z' });
  });

  it('rebooks an ended visit with the same people where the rebook flag is on, and refuses where it is off', async () => {
    const first = await book(MANAGER, 'CCU', '2026-11-23T11:00:00Z');
    now = new Date('2026-11-23T10:55:00Z');
    await api.as(MANAGER, START, { id: first.id });
    now = new Date('2026-11-23T11:31:00Z');
    await api.as(MANAGER, COMPLETE, { id: first.id });
    const next = await api.as<{ rebookVisit: Record<string, unknown> }>(MANAGER, REBOOK, { id: first.id, startAt: '2026-11-24T11:00:00Z' });
    expect(next.errors).toBeUndefined();
    expect(next.data!.rebookVisit).toMatchObject({ status: 'BOOKED', patientName: 'Margaret Jones', contactMobile: '+447700900123', rebookedFromId: first.id, ward: { code: 'CCU' } });
    // the new visit's messages are written in the rebook's own transaction, to the visit it creates
    const messages = await api.as<{ visit: { messages: { kind: string; status: string }[] } }>(MANAGER, 'query($id: ID!) { visit(id: $id) { messages { kind status } } }', { id: next.data!.rebookVisit.id });
    expect(messages.data!.visit.messages).toContainEqual({ kind: 'BOOKING_CONFIRMATION', status: 'PENDING' });
    const notEnded = await api.as(MANAGER, REBOOK, { id: next.data!.rebookVisit.id, startAt: '2026-11-25T11:00:00Z' });
    expect(codes(notEnded)).toEqual(['CONFLICT']);

    const ed = await book(NURSE, 'ED', '2026-11-23T12:00:00Z');
    await api.as(NURSE, CANCEL, { id: ed.id, reason: 'Patient asleep' });
    expect(codes(await api.as(NURSE, REBOOK, { id: ed.id, startAt: '2026-11-24T12:00:00Z' }))).toEqual(['FORBIDDEN']);
  });

  it('marks a visit never started as missed once its slot is over, and running twice changes nothing more', async () => {
    const visit = await book(NURSE, 'ED', '2026-11-23T10:00:00Z', { lengthMinutes: 20 });
    now = new Date('2026-11-23T10:21:00Z');
    const service = api.appGet<VisitService>(VisitService);
    expect(await service.markMissed(await rnq())).toBeGreaterThanOrEqual(1);
    expect(await service.markMissed(await rnq())).toBe(0);
    const read = await api.as<{ visit: { status: string } }>(NURSE, 'query($id: ID!) { visit(id: $id) { status } }', { id: visit.id });
    expect(read.data!.visit.status).toBe('MISSED');
  });
});

describe('retention', () => {
  it("erases patient and contact details exactly when the trust's retention period has passed, keeping the statistics", async () => {
    const old = await book(NURSE, 'ED', '2026-11-23T09:05:00Z', { lengthMinutes: 20, contactEmail: 'david@example.org' });
    await api.as(NURSE, START, { id: old.id });
    now = new Date('2026-11-23T09:20:00Z');
    await api.as(NURSE, COMPLETE, { id: old.id });
    now = new Date('2026-12-10T09:00:00Z');
    const recent = await book(NURSE, 'ED', '2026-12-10T09:30:00Z');
    await api.as(NURSE, CANCEL, { id: recent.id, reason: 'Family cannot make it' });
    const retention = api.appGet<RetentionService>(RetentionService);
    // RNQ keeps details 90 days: on day 89 nothing goes, on day 91 the November visit's details go
    now = new Date('2027-02-20T09:00:00Z');
    await retention.eraseExpired(await rnq());
    const read = (id: string) => api.as<{ visit: Record<string, unknown> }>(NURSE, 'query($id: ID!) { visit(id: $id) { status durationSeconds patientName contactName contactMobile contactEmail } }', { id });
    expect((await read(old.id)).data!.visit.patientName).toBe('Margaret Jones');
    now = new Date('2027-02-22T09:30:00Z');
    expect(await retention.eraseExpired(await rnq())).toBeGreaterThanOrEqual(1);
    expect((await read(old.id)).data!.visit).toEqual({ status: 'COMPLETED', durationSeconds: 20 * 60, patientName: null, contactName: null, contactMobile: null, contactEmail: null });
    expect((await read(recent.id)).data!.visit.patientName).toBe('Margaret Jones');
    // the list says the same of each
    const listed = await api.as<{ visits: { edges: { node: { id: string; patientName: string | null; contactEmail: string | null } }[] } }>(
      NURSE,
      'query($ward: ID!) { visits(first: 100, filter: { wardId: $ward, view: RECENT }) { edges { node { id patientName contactEmail } } } }',
      { ward: wards.ED },
    );
    const nodes = new Map(listed.data!.visits.edges.map(({ node }) => [node.id, node]));
    expect([nodes.get(old.id), nodes.get(recent.id)?.patientName]).toEqual([{ id: old.id, patientName: null, contactEmail: null }, 'Margaret Jones']);
    expect(await retention.eraseExpired(await rnq())).toBe(0);
    const erasedRows = await api.db.inTrust(await rnq(), (em) => em.count(Visit, { personalDataErasedAt: { $ne: null }, patientName: { $ne: null } }));
    expect(erasedRows).toBe(0);
  });
});

describe('who sees which visits', () => {
  it("another ward's visit and another trust's visit are NOT_FOUND", async () => {
    const visit = await book(NURSE, 'ED', '2026-11-26T10:00:00Z');
    expect(codes(await api.as(MANAGER, 'query($id: ID!) { visit(id: $id) { id } }', { id: visit.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await api.as('nurse.rns@nhs.net', 'query($id: ID!) { visit(id: $id) { id } }', { id: visit.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await api.as('bank.nurse@nhs.net', COMPLETE, { id: visit.id }, 'RNS'))).toEqual(['NOT_FOUND']);
    expect(codes(await api.as(MANAGER, CANCEL, { id: visit.id, reason: 'not mine' }))).toEqual(['NOT_FOUND']);
  });

  it("lists a ward's visits with cursor pagination, only on the caller's wards", async () => {
    const list = async (email: string, after?: string) =>
      api.as<{ visits: { edges: { cursor: string; node: { ward: { code: string }; scheduledStart: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
        email,
        'query($after: String) { visits(first: 3, after: $after, filter: { view: UPCOMING }) { edges { cursor node { ward { code } scheduledStart } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
    const firstPage = await list(NURSE);
    expect(firstPage.data!.visits.edges).toHaveLength(3);
    expect(firstPage.data!.visits.pageInfo.hasNextPage).toBe(true);
    const second = await list(NURSE, firstPage.data!.visits.pageInfo.endCursor);
    const all = [...firstPage.data!.visits.edges, ...second.data!.visits.edges];
    expect(new Set(all.map((e) => e.cursor)).size).toBe(all.length);
    expect(all.every((e) => e.node.ward.code === 'ED')).toBe(true);
    const starts = all.map((e) => e.node.scheduledStart);
    expect([...starts].sort()).toEqual(starts);
    const managers = await list(MANAGER);
    expect(managers.data!.visits.edges.every((e) => ['CCU', 'W6-RESP'].includes(e.node.ward.code))).toBe(true);
    const bad = await api.as(NURSE, '{ visits(after: "nonsense") { edges { cursor } } }');
    expect(fields(bad)).toEqual([{ field: 'after', message: 'is not a cursor from this list' }]);
  });

  it('audits every read of personal data, and not reads without it', async () => {
    const visit = await book(NURSE, 'ED', '2026-11-26T11:00:00Z');
    const audits = () => api.db.inTrust(rnqSync!, async (em) => (await em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from audit_event where action = 'visit.personal_data_read'`, [], 'all', em.getTransactionContext()))[0].n);
    rnqSync = await rnq();
    const before = await audits();
    await api.as(NURSE, 'query($id: ID!) { visit(id: $id) { status } }', { id: visit.id });
    expect(await audits()).toBe(before);
    await api.as(NURSE, 'query($id: ID!) { visit(id: $id) { patientName } }', { id: visit.id });
    expect(await audits()).toBe(before + 1);
  });
});

describe('speed where it shows', () => {
  it("loads a ward's day, with each visit's messages and history, in five SQL statements for 3 visits as for 30 (BEGIN with the trust settings, the page, the audit of the personal data read, COMMIT)", async () => {
    now = new Date('2027-02-01T07:00:00Z');
    const DAY =
      'query($ward: ID!) { visits(first: 100, filter: { wardId: $ward, view: TODAY }) { edges { node { id status scheduledStart patientName contactName ward { name hospitalName } messages { id kind channel recipient status reason } history { type occurredAt } } } } }';
    const statementsFor = async () => {
      const before = api.statements.count;
      const result = await api.as<{ visits: { edges: { node: { messages: { kind: string }[]; history: { type: string }[] } }[] } }>(NURSE, DAY, { ward: wards.ED });
      const nodes = result.data!.visits.edges.map((e) => e.node);
      // every visit comes with its own booking confirmation (text) and its history
      expect(nodes.every((n) => n.messages.length === 1 && n.messages[0].kind === 'BOOKING_CONFIRMATION' && n.history[0].type === 'BOOKED')).toBe(true);
      return { statements: api.statements.count - before, visits: nodes.length };
    };
    // the fewest of three: the API's own heartbeat check may land inside one request's count
    const fewest = async () => [await statementsFor(), await statementsFor(), await statementsFor()].reduce((a, b) => (b.statements < a.statements ? b : a));
    for (let i = 0; i < 3; i++) await book(NURSE, 'ED', new Date(Date.parse('2027-02-01T08:00:00Z') + i * 1800_000).toISOString(), { lengthMinutes: 20 });
    await statementsFor(); // warm the caller's sign-in
    const few = await fewest();
    for (let i = 3; i < 30; i++) await book(NURSE, 'ED', new Date(Date.parse('2027-02-01T08:00:00Z') + i * 1800_000).toISOString(), { lengthMinutes: 20 });
    const many = await fewest();
    expect(few.visits).toBe(3);
    expect(many.visits).toBe(30);
    expect(few.statements).toBe(5);
    expect(many.statements).toBe(few.statements);
  });

  it('books a visit in six statements (BEGIN with the trust settings, the ward, the overlaps, the rows, COMMIT), however busy the ward', async () => {
    now = new Date('2027-02-02T07:00:00Z');
    const statementsToBook = async (i: number) => {
      const before = api.statements.count;
      await book(NURSE, 'ED', new Date(Date.parse('2027-02-02T08:00:00Z') + i * 600_000).toISOString(), { lengthMinutes: 30, contactEmail: 'david@example.org' });
      return api.statements.count - before;
    };
    // The API also checks the workers' heartbeats on a timer: a check that lands inside a booking
    // adds its statement to that booking's count, so each figure is the fewest of three bookings.
    const fewest = async (slots: number[]) => Math.min(...(await slots.reduce(async (counts, i) => [...(await counts), await statementsToBook(i)], Promise.resolve([] as number[]))));
    await statementsToBook(0); // warm the caller's sign-in
    const quiet = await fewest([12, 18, 24]); // 10:00, 11:00, 12:00: nothing else on the ward then
    const busy = await fewest([1, 2, 3]); // each overlapping the ones booked before it
    expect(quiet).toBe(6);
    expect(busy).toBe(quiet);
    // and every row the rules ask for was written with it
    const [visit] = await api.db.inTrust({ trustId: (await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }))).id, odsCode: 'RNQ' }, (em) =>
      em.find(Visit, { scheduledStart: new Date('2027-02-02T08:20:00Z') }),
    );
    const written = await api.ownerOrm.em.getConnection().execute(
      `select (select count(*) from visit_event where visit_id = ?)::int as events, (select count(*) from audit_event where target_id = ? and action = 'visit.booked')::int as audits,
        (select count(*) from notification where visit_id = ?)::int as messages`,
      [visit.id, visit.id, visit.id],
    );
    expect(written[0]).toEqual({ events: 1, audits: 1, messages: 2 }); // the confirmation by text and email (ED sends no reminders)
  });
});

describe('across the clock changes (Europe/London)', () => {
  it('applies visiting hours in local time on the day the clocks go forward and the day they go back', async () => {
    // CCU visiting hours 11:00-13:00: BST (UTC+1) on 29 March 2027 is 10:00Z-12:00Z; GMT on 31 October 2027 is 11:00Z-13:00Z
    now = new Date('2027-03-27T09:00:00Z');
    const springOk = await api.as(MANAGER, BOOK, booking('CCU', '2027-03-28T10:00:00Z')); // Sunday 28 March 2027 11:00 BST
    expect(springOk.errors).toBeUndefined();
    const springEarly = await api.as(MANAGER, BOOK, booking('CCU', '2027-03-28T09:30:00Z')); // 10:30 BST
    expect(fields(springEarly)[0]).toEqual({ field: 'startAt', message: "must be within the ward's visiting hours (Sunday 28 March 2027 at 10:30am is not)" });
    now = new Date('2027-10-30T09:00:00Z');
    const autumnOk = await api.as(MANAGER, BOOK, booking('CCU', '2027-10-31T11:00:00Z')); // Sunday 31 October 2027 11:00 GMT
    expect(autumnOk.errors).toBeUndefined();
    const autumnEarly = await api.as(MANAGER, BOOK, booking('CCU', '2027-10-31T10:00:00Z')); // 10:00 GMT
    expect(fields(autumnEarly)[0]?.message).toBe("must be within the ward's visiting hours (Sunday 31 October 2027 at 10am is not)");
  });

  it("lists TODAY by the trust's calendar day, not UTC's", async () => {
    now = new Date('2027-06-14T22:30:00Z'); // 23:30 BST on Monday 14 June
    await book(NURSE, 'ED', '2027-06-14T22:40:00Z'); // still Monday locally
    await book(NURSE, 'ED', '2027-06-14T23:10:00Z'); // 00:10 BST Tuesday
    const today = await api.as<{ visits: { edges: { node: { scheduledStart: string } }[] } }>(NURSE, '{ visits(filter: { view: TODAY }) { edges { node { scheduledStart } } } }');
    expect(today.data!.visits.edges.map((e) => e.node.scheduledStart)).toEqual(['2027-06-14T22:40:00.000Z']);
  });
});

describe("the visitor's link", () => {
  it('opens a page in the trust\'s branding with safe headers, hands the visitor into the room, and stops working when the visit ends', async () => {
    const visit = await book(NURSE, 'ED', '2026-11-23T09:15:00Z', { lengthMinutes: 30 });
    const started = await api.as<{ startVisit: { visitorLink: string } }>(NURSE, START, { id: visit.id });
    const link = new URL(started.data!.startVisit.visitorLink);
    expect(link.pathname).toMatch(/^\/visit\/RNQ\/[A-Za-z0-9_-]{43}$/);
    const page = await fetch(`${api.url}${link.pathname}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(html).toContain('Kettering General Hospital');
    expect(html).toContain('Emergency Department');
    expect(html).toContain('Monday 23 November 2026');
    expect(html).toContain('9:15am to 9:45am');
    expect(html).not.toMatch(/Margaret|David|07700|<script[^>]+src=/);

    const css = await fetch(`${api.url}${nhsukAssetUrls.stylesheet}`);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);

    const join = await fetch(`${api.url}${link.pathname}/join`, { method: 'POST', redirect: 'manual' });
    expect(join.status).toBe(303);
    const room = new URL(join.headers.get('location')!);
    expect(room.origin).toBe('https://meet.kgh.nhs.uk');
    const claims = decodeJwt(room.searchParams.get('jwt')!);
    expect(claims).toMatchObject({ room: room.pathname.slice(1), context: { user: { moderator: false } } });

    now = new Date('2026-11-23T09:40:00Z');
    await api.as(NURSE, COMPLETE, { id: visit.id });
    const after = await (await fetch(`${api.url}${link.pathname}`)).text();
    expect(after).toContain('This video visit has ended');
    expect(after).toContain('01536 492000');
    const lateJoin = await fetch(`${api.url}${link.pathname}/join`, { method: 'POST', redirect: 'manual' });
    expect(lateJoin.status).toBe(200);
  });

  it('stops the old link working when a visit is rescheduled or cancelled', async () => {
    const visit = await book(NURSE, 'ED', '2026-11-23T09:20:00Z');
    const started = await api.as<{ startVisit: { visitorLink: string } }>(NURSE, START, { id: visit.id });
    const path = new URL(started.data!.startVisit.visitorLink).pathname;
    await api.as(NURSE, RESCHEDULE, { id: visit.id, startAt: '2026-11-23T17:00:00Z' });
    expect(await (await fetch(`${api.url}${path}`)).text()).toContain('This link does not work');
  });

  it("rescheduling to the time and length it already has changes nothing: no history, message, audit or new version, and the family's link still works; a real move does all of it", async () => {
    const MOVE_WITH_LENGTH = 'mutation($id: ID!, $startAt: DateTime!, $length: Int) { rescheduleVisit(id: $id, startAt: $startAt, lengthMinutes: $length) { status scheduledStart lengthMinutes } }';
    const visit = await book(NURSE, 'ED', '2026-11-23T09:25:00Z', { lengthMinutes: 30 });
    const started = await api.as<{ startVisit: { visitorLink: string } }>(NURSE, START, { id: visit.id });
    const path = new URL(started.data!.startVisit.visitorLink).pathname;
    const trust = (rnqSync ??= await rnq());
    const trace = async () => ({
      history: (await api.as<{ visit: { history: { type: string }[] } }>(NURSE, 'query($id: ID!) { visit(id: $id) { history { type } } }', { id: visit.id })).data!.visit.history.map((h) => h.type),
      messages: await api.db.inTrust(trust, async (em) => (await em.find(Notification, { visit: { id: visit.id } }, { orderBy: { createdAt: 'asc', id: 'asc' } })).map((n) => `${n.kind}/${n.channel}/${n.status}`)),
      version: await api.db.inTrust(trust, async (em) => (await em.findOneOrFail(Visit, { id: visit.id })).version),
      audit: await api.db.inTrust(trust, (em) =>
        em.getConnection().execute<{ action: string }[]>('select action from audit_event where target_id = ? order by occurred_at, id', [visit.id], 'all', em.getTransactionContext()),
      ),
    });
    const before = await trace();
    expect(before.history).toEqual(['BOOKED', 'STARTED']);

    const same = await api.as(NURSE, RESCHEDULE, { id: visit.id, startAt: '2026-11-23T09:25:00Z' });
    expect(same.errors).toBeUndefined();
    expect(same.data).toEqual({ rescheduleVisit: { status: 'READY', scheduledStart: '2026-11-23T09:25:00.000Z' } });
    const sameLength = await api.as(NURSE, MOVE_WITH_LENGTH, { id: visit.id, startAt: '2026-11-23T09:25:00.000Z', length: 30 });
    expect(sameLength.data).toEqual({ rescheduleVisit: { status: 'READY', scheduledStart: '2026-11-23T09:25:00.000Z', lengthMinutes: 30 } });
    expect(await trace()).toEqual(before);
    expect(await (await fetch(`${api.url}${path}`)).text()).toContain('Join the video visit');

    // the same start with another length is a move
    const longer = await api.as(NURSE, MOVE_WITH_LENGTH, { id: visit.id, startAt: '2026-11-23T09:25:00Z', length: 45 });
    expect(longer.data).toEqual({ rescheduleVisit: { status: 'BOOKED', scheduledStart: '2026-11-23T09:25:00.000Z', lengthMinutes: 45 } });
    const after = await trace();
    expect(after.history).toEqual(['BOOKED', 'STARTED', 'RESCHEDULED']);
    expect(after.messages.slice(before.messages.length)).toEqual([expect.stringMatching(/^rescheduled\//)]);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.audit.slice(before.audit.length).map((a) => a.action)).toEqual(['visit.rescheduled']);
    expect(await (await fetch(`${api.url}${path}`)).text()).toContain('This link does not work');
  });

  it('expires a link a grace period after its slot even if nobody completed the visit', async () => {
    const visit = await book(NURSE, 'ED', '2026-11-23T09:05:00Z', { lengthMinutes: 20 });
    const started = await api.as<{ startVisit: { visitorLink: string } }>(NURSE, START, { id: visit.id });
    const path = new URL(started.data!.startVisit.visitorLink).pathname;
    now = new Date('2026-11-23T09:39:00Z'); // 9:25 end + 15 minutes grace = 9:40
    expect(await (await fetch(`${api.url}${path}`)).text()).toContain('Join the video visit');
    now = new Date('2026-11-23T09:41:00Z');
    expect(await (await fetch(`${api.url}${path}`)).text()).toContain('This video visit has ended');
  });

  it('uses Whereby for a trust that chose it: a locked room made through its API, the visitor sent to the room, not the host address', async () => {
    const r1kWard = await api.as<{ wards: { id: string; code: string }[] }>('nurse.r1k@nhs.net', '{ wards { id code } }');
    const booked = await api.as<{ bookVisit: { id: string } }>('nurse.r1k@nhs.net', BOOK, {
      input: { wardId: r1kWard.data!.wards[0].id, patientName: 'Ravi Patel', contactName: 'Asha Patel', contactEmail: 'asha@example.org', startAt: '2026-11-23T09:30:00Z' },
    });
    const started = await api.as<{ startVisit: { visitorLink: string; wardDeviceJoinUrl: string } }>('nurse.r1k@nhs.net', START, { id: booked.data!.bookVisit.id });
    expect(started.errors).toBeUndefined();
    const created = api.whereby.requests.filter((r) => r.method === 'POST');
    expect(created.at(-1)).toMatchObject({ authorized: true, body: { isLocked: true } });
    const meeting = [...api.whereby.meetings.values()].at(-1)!;
    expect(started.data!.startVisit.wardDeviceJoinUrl.startsWith(meeting.hostRoomUrl)).toBe(true);
    const join = await fetch(`${api.url}${new URL(started.data!.startVisit.visitorLink).pathname}/join`, { method: 'POST', redirect: 'manual' });
    const location = join.headers.get('location')!;
    expect(location.startsWith(meeting.roomUrl)).toBe(true);
    expect(location).not.toContain('roomKey');
  });

  it('answers an address under /visit/ that is no link at all with the family\'s page, not the API\'s JSON', async () => {
    for (const [path, status] of [
      ['/visit/RNQ/Margaret%E0%A4%A', 400], // cannot be decoded (and never quoted back)
      ['/visit/RNQ', 404], // cut short
      ['/visit', 404],
      ['/visit/RNQ/abc/def', 404],
    ] as const) {
      const page = await fetch(`${api.url}${path}`);
      expect({ path, status: page.status, type: page.headers.get('content-type') }).toEqual({ path, status, type: 'text/html; charset=utf-8' });
      const text = await page.text();
      expect(text).toContain('This link does not work');
      expect(text).not.toContain('"errors"');
      expect(text).not.toContain('Margaret');
      expect(page.headers.get('cache-control')).toContain('no-store');
    }
  });

  it('answers an unknown link kindly, and slows down a client guessing links', async () => {
    const unknown = await fetch(`${api.url}/visit/RNQ/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain('This link does not work');
    let status = 200;
    for (let i = 0; i < 25 && status === 200; i++) status = (await fetch(`${api.url}/visit/RNQ/guess${i}`)).status;
    expect(status).toBe(429);
  });
});

let rnqSync: { trustId: string; odsCode: string } | undefined;
async function rnq() {
  const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
  return { trustId: trust.id, odsCode: 'RNQ' };
}
async function countVisits() {
  return api.db.inTrust(await rnq(), (em) => em.count(Visit, {}));
}
