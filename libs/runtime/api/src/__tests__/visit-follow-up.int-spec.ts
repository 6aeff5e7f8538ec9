import { decodeJwt } from 'jose';
import { Notification } from '@vv/domain/notifications';
import { Trust } from '@vv/domain/trusts';
import { until } from '@vv/platform/testing';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * What the ward does while a visit is on and after a message did not arrive, through the
 * public API with the worker sending to a local Notify: the ward device rejoining the call,
 * correcting the key contact, sending a failed message again; each refused for other wards
 * and trusts (NOT_FOUND), for roles that may not (FORBIDDEN) and for bad input (naming the field).
 */
let now = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT
let api: ApiTestHarness;
let wards: Record<string, string>;

const NURSE = 'nurse.rnq@nhs.net'; // ward staff, RNQ ED
const MANAGER = 'ward.manager.rnq@nhs.net'; // ward manager, RNQ CCU and W6-RESP: not ED
const ADMIN = 'trust.admin@kgh.nhs.uk'; // sees RNQ's wards, acts on no visit
const OTHER_TRUST = 'nurse.rns@nhs.net';
const BOOK = 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }';
const START = 'mutation($id: ID!) { startVisit(id: $id) { visitorLink wardDeviceJoinUrl visit { linkValidUntil } } }';
const COMPLETE = 'mutation($id: ID!) { completeVisit(id: $id) { status } }';
const REJOIN = 'mutation($id: ID!) { rejoinVisit(id: $id) { wardDeviceJoinUrl validUntil visit { id status } } }';
const CONTACT = 'mutation($id: ID!, $input: KeyContactInput!) { updateKeyContact(id: $id, input: $input) { contactName contactMobile contactEmail } }';
const RESEND = 'mutation($id: ID!) { resendMessage(messageId: $id) { messages { id kind channel recipient status } history { type } } }';
const MESSAGES = 'query($id: ID!) { visit(id: $id) { messages { id kind channel recipient status reason } } }';
type Message = { id: string; kind: string; channel: string; recipient: string; status: string; reason: string | null };

const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code) ?? [];
const fields = (result: { errors?: { extensions?: { fields?: { field: string; message: string }[] } }[] }) => result.errors?.[0]?.extensions?.fields ?? [];

async function book(email: string, ward: string, startAt: string, contact: Record<string, string>): Promise<string> {
  const result = await api.as<{ bookVisit: { id: string } }>(email, BOOK, { input: { wardId: wards[ward], patientName: 'Margaret Jones', contactName: 'David Jones', startAt, ...contact } });
  expect(result.errors).toBeUndefined();
  return result.data!.bookVisit.id;
}

async function messagesOf(id: string): Promise<Message[]> {
  const result = await api.as<{ visit: { messages: Message[] } }>(NURSE, MESSAGES, { id });
  return result.data!.visit.messages;
}


async function audited(visitId: string): Promise<{ action: string; actor_staff_id: string | null; detail: Record<string, unknown> | null }[]> {
  return api.ownerOrm.em.fork().getConnection().execute(`select action, actor_staff_id, detail from audit_event where target_id = ? order by occurred_at, id`, [visitId]);
}

async function notificationRows(visitId: string) {
  const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
  return api.db.inTrust({ trustId: trust.id, odsCode: 'RNQ' }, (em) => em.find(Notification, { visit: { id: visitId } }, { orderBy: { createdAt: 'asc' } }));
}

const accepted = (reference: string) => api.notify.server.accepted.filter((n) => n.reference === reference);

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => now, worker: true });
  await api.loadDemoData();
  const result = await api.as<{ wards: { id: string; code: string }[] }>(ADMIN, '{ wards { id code } }');
  wards = Object.fromEntries(result.data!.wards.map((w) => [w.code, w.id]));
});
afterAll(() => api?.close());
beforeEach(() => {
  now = new Date('2026-11-23T09:00:00Z');
});

describe('the ward device rejoins the call', () => {
  it('gets the host address again while the visit is ready or in progress, each time audited, until the link window closes', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T09:10:00Z', { contactEmail: 'david@example.org' });
    const started = await api.as<{ startVisit: { visitorLink: string; visit: { linkValidUntil: string } } }>(NURSE, START, { id });
    expect(started.errors).toBeUndefined();

    now = new Date('2026-11-23T09:20:00Z'); // the tablet was refreshed
    const rejoined = await api.as<{ rejoinVisit: { wardDeviceJoinUrl: string; validUntil: string; visit: { id: string; status: string } } }>(NURSE, REJOIN, { id });
    expect(rejoined.errors).toBeUndefined();
    expect(rejoined.data!.rejoinVisit).toMatchObject({ validUntil: started.data!.startVisit.visit.linkValidUntil, visit: { id, status: 'READY' } });
    const room = new URL(rejoined.data!.rejoinVisit.wardDeviceJoinUrl);
    expect(room.origin).toBe('https://meet.kgh.nhs.uk');
    const claims = decodeJwt(room.searchParams.get('jwt')!);
    expect(claims).toMatchObject({ context: { user: { moderator: true } }, nbf: Date.parse('2026-11-23T09:20:00Z') / 1000 });

    // the visitor joins; the ward device crashes again
    await fetch(`${api.url}${new URL(started.data!.startVisit.visitorLink).pathname}/join`, { method: 'POST', redirect: 'manual' });
    const again = await api.as<{ rejoinVisit: { visit: { status: string } } }>(NURSE, REJOIN, { id });
    expect(again.data!.rejoinVisit.visit.status).toBe('IN_PROGRESS');
    const rejoins = (await audited(id)).filter((a) => a.action === 'visit.host_rejoined');
    expect(rejoins).toHaveLength(2);
    expect(rejoins[0].actor_staff_id).toEqual(expect.any(String));
    // the ward sees it in the visit's history too
    const history = await api.as<{ visit: { history: { type: string; actorStaffId: string | null }[] } }>(NURSE, 'query($id: ID!) { visit(id: $id) { history { type actorStaffId } } }', { id });
    expect(history.data!.visit.history.filter((h) => h.type === 'HOST_REJOINED')).toEqual([
      { type: 'HOST_REJOINED', actorStaffId: rejoins[0].actor_staff_id },
      { type: 'HOST_REJOINED', actorStaffId: rejoins[0].actor_staff_id },
    ]);

    now = new Date('2026-11-23T09:56:00Z'); // 9:40 end + 15 minutes grace
    const late = await api.as(NURSE, REJOIN, { id });
    expect(late.errors?.[0]).toMatchObject({ message: 'The time of this visit has passed; complete it instead', extensions: { code: 'CONFLICT' } });
    await api.as(NURSE, COMPLETE, { id });
    const ended = await api.as(NURSE, REJOIN, { id });
    expect(ended.errors?.[0]).toMatchObject({ message: 'A visit that is completed cannot be rejoined', extensions: { code: 'CONFLICT' } });
  });

  it('is CONFLICT for a visit not started yet', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T15:00:00Z', { contactEmail: 'david@example.org' });
    const result = await api.as(NURSE, REJOIN, { id });
    expect(result.errors?.[0]).toMatchObject({ message: 'A visit that is booked cannot be rejoined', extensions: { code: 'CONFLICT' } });
  });

  it("is NOT_FOUND for another ward's or trust's visit, FORBIDDEN for a role that acts on no visit, and BAD_USER_INPUT for a malformed id; none audited", async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T09:05:00Z', { contactEmail: 'david@example.org' });
    await api.as(NURSE, START, { id });
    const before = await audited(id);
    for (const result of [await api.as(MANAGER, REJOIN, { id }), await api.as(OTHER_TRUST, REJOIN, { id }), await api.as('bank.nurse@nhs.net', REJOIN, { id }, 'RNS')]) {
      expect(codes(result)).toEqual(['NOT_FOUND']);
      expect(JSON.stringify(result)).not.toMatch(/meet\.kgh|jwt/);
    }
    expect(codes(await api.as(ADMIN, REJOIN, { id }))).toEqual(['FORBIDDEN']);
    expect(codes(await api.as('group.analyst@nhs.net', REJOIN, { id }, 'RNQ'))).toEqual(['FORBIDDEN']);
    expect(fields(await api.as(NURSE, REJOIN, { id: 'not-a-visit' }))).toEqual([{ field: 'id', message: 'is not an id (ids are UUIDs, as the API gives them)' }]);
    expect(await audited(id)).toEqual(before);
  });
});

describe('what the API says each person may do', () => {
  const ALLOWED = 'query($id: ID!) { visit(id: $id) { status allowedActions } }';
  const allowed = async (email: string, id: string) => (await api.as<{ visit: { status: string; allowedActions: string[] } }>(email, ALLOWED, { id })).data!.visit;

  it('names the actions a visit allows now, by its state, the caller’s roles and the ward’s flags', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T09:10:00Z', { contactEmail: 'david@example.org' });
    expect(await allowed(NURSE, id)).toEqual({ status: 'BOOKED', allowedActions: ['RESCHEDULE', 'CANCEL', 'START', 'UPDATE_KEY_CONTACT'] });
    await api.as(NURSE, START, { id });
    expect(await allowed(NURSE, id)).toEqual({ status: 'READY', allowedActions: ['RESCHEDULE', 'CANCEL', 'COMPLETE', 'REJOIN', 'UPDATE_KEY_CONTACT'] });
    now = new Date('2026-11-23T09:56:00Z'); // the link window has closed: no rejoining
    expect((await allowed(NURSE, id)).allowedActions).toEqual(['RESCHEDULE', 'CANCEL', 'COMPLETE', 'UPDATE_KEY_CONTACT']);
    await api.as(NURSE, COMPLETE, { id });
    const flags = await api.as<{ featureFlags: { flag: string; effective: boolean }[] }>(NURSE, 'query($w: ID!) { featureFlags(wardId: $w) { flag effective } }', { w: wards.ED });
    const rebookOn = flags.data!.featureFlags.some((f) => f.flag === 'REBOOK' && f.effective);
    expect((await allowed(NURSE, id)).allowedActions).toEqual([...(rebookOn ? ['REBOOK'] : []), 'UPDATE_KEY_CONTACT']);
  });

  it('says on which wards each person may book: none for roles that book nothing', async () => {
    const WARDS = '{ wards { code canBookVisits } }';
    const bookable = async (email: string, trust?: string) =>
      (await api.as<{ wards: { code: string; canBookVisits: boolean }[] }>(email, WARDS, {}, trust)).data!.wards.filter((w) => w.canBookVisits).map((w) => w.code).sort();
    expect(await bookable(NURSE)).toEqual(['ED']);
    expect(await bookable(MANAGER)).toEqual(['CCU', 'W6-RESP']);
    const adminSees = await api.as<{ wards: { code: string; canBookVisits: boolean }[] }>(ADMIN, WARDS);
    expect(adminSees.data!.wards.length).toBeGreaterThan(0);
    expect(await bookable(ADMIN)).toEqual([]);
    expect(await bookable('group.analyst@nhs.net', 'RNQ')).toEqual([]);
  });
});

describe("correcting the key contact's details", () => {
  it('changes them, normalised, records the history and an audit naming the fields (not the values), and readdresses messages not yet sent', async () => {
    // CCU sends reminders 120 minutes before: tomorrow's is waiting
    const id = await book(MANAGER, 'CCU', '2026-11-24T11:00:00Z', { contactMobile: '07700 900321' });
    await until(async () => (await notificationRows(id)).some((r) => r.kind === 'reminder' && r.status === 'pending'));
    const result = await api.as<{ updateKeyContact: Record<string, unknown> }>(MANAGER, CONTACT, { id, input: { contactName: ' David Jones ', contactMobile: '+44 7700 900654', contactEmail: 'David.Jones@Example.org' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateKeyContact).toEqual({ contactName: 'David Jones', contactMobile: '+447700900654', contactEmail: 'david.jones@example.org' });
    const reminder = (await notificationRows(id)).find((r) => r.kind === 'reminder')!;
    expect(reminder.recipientMasked).toBe('07••• •••654');
    const history = await api.as<{ visit: { history: { type: string }[] } }>(MANAGER, 'query($id: ID!) { visit(id: $id) { history { type } } }', { id });
    expect(history.data!.visit.history.map((h) => h.type)).toContain('CONTACT_UPDATED');
    const audit = (await audited(id)).find((a) => a.action === 'visit.key_contact_updated')!;
    expect(audit.detail).toEqual({ fields: 'contactMobile,contactEmail' });
    expect(JSON.stringify(await audited(id))).not.toMatch(/7700|david/i);

    // the same details again change nothing and record nothing
    await api.as(MANAGER, CONTACT, { id, input: { contactName: 'David Jones', contactMobile: '07700 900654', contactEmail: 'david.jones@example.org' } });
    expect((await audited(id)).filter((a) => a.action === 'visit.key_contact_updated')).toHaveLength(1);
  });

  it.each([
    ['a landline', '16:00', { contactName: 'David Jones', contactMobile: '01536 492000' }, [{ field: 'contactMobile', message: 'is not a UK mobile number (07… or +447…)' }]],
    ['a bad email', '16:30', { contactName: 'David Jones', contactEmail: 'david@' }, [{ field: 'contactEmail', message: 'is not an email address' }]],
    ['no way to reach them', '17:00', { contactName: 'David Jones', contactMobile: '', contactEmail: null }, [{ field: 'contactMobile', message: 'give a mobile number or an email address so the key contact can be reached' }]],
    ['no name', '17:30', { contactName: '  ', contactEmail: 'david@example.org' }, [{ field: 'contactName', message: 'must not be blank' }]],
  ])('refuses %s as BAD_USER_INPUT naming the field, and changes nothing', async (_label, time, input, expected) => {
    const id = await book(NURSE, 'ED', `2026-11-23T${time}:00Z`, { contactMobile: '07700 900111' });
    const result = await api.as(NURSE, CONTACT, { id, input });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(fields(result)).toEqual(expected);
    expect(JSON.stringify(result)).not.toMatch(/01536|david@/);
    const read = await api.as<{ visit: { contactMobile: string; contactEmail: string | null } }>(NURSE, 'query($id: ID!) { visit(id: $id) { contactMobile contactEmail } }', { id });
    expect(read.data!.visit).toEqual({ contactMobile: '+447700900111', contactEmail: null });
    expect((await audited(id)).map((a) => a.action)).not.toContain('visit.key_contact_updated');
  });

  it("is NOT_FOUND for another ward's or trust's visit, FORBIDDEN for a role that acts on no visit, BAD_USER_INPUT for a malformed id; and writes nothing", async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T22:00:00Z', { contactMobile: '07700 900112' });
    const input = { contactName: 'Someone Else', contactMobile: '07700 900999' };
    expect(codes(await api.as(MANAGER, CONTACT, { id, input }))).toEqual(['NOT_FOUND']);
    expect(codes(await api.as(OTHER_TRUST, CONTACT, { id, input }))).toEqual(['NOT_FOUND']);
    expect(codes(await api.as(ADMIN, CONTACT, { id, input }))).toEqual(['FORBIDDEN']);
    expect(fields(await api.as(NURSE, CONTACT, { id: '123', input }))).toEqual([{ field: 'id', message: 'is not an id (ids are UUIDs, as the API gives them)' }]);
    const read = await api.as<{ visit: { contactName: string; contactMobile: string } }>(NURSE, 'query($id: ID!) { visit(id: $id) { contactName contactMobile } }', { id });
    expect(read.data!.visit).toEqual({ contactName: 'David Jones', contactMobile: '+447700900112' });
  });
});

describe('sending a failed message again', () => {
  it('after the number is corrected, sends it once through the outbox to the new number, and not twice', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T18:00:00Z', { contactMobile: '07700900002' }); // Notify: no such number
    const failed = await until(async () => (await messagesOf(id)).find((m) => m.status === 'PERMANENT_FAILURE'));
    expect(failed).toMatchObject({ kind: 'BOOKING_CONFIRMATION', channel: 'SMS', recipient: '07••• •••002', reason: 'the number or address does not exist or cannot receive messages' });

    // a failed message cannot go again to the same dead number usefully, but staff decide: correct it first
    await api.as(NURSE, CONTACT, { id, input: { contactName: 'David Jones', contactMobile: '07700 900777' } });
    const resent = await api.as<{ resendMessage: { messages: Message[]; history: { type: string }[] } }>(NURSE, RESEND, { id: failed.id });
    expect(resent.errors).toBeUndefined();
    expect(resent.data!.resendMessage.messages.map((m) => [m.kind, m.channel, m.recipient, m.status])).toEqual([
      ['BOOKING_CONFIRMATION', 'SMS', '07••• •••002', 'PERMANENT_FAILURE'],
      ['BOOKING_CONFIRMATION', 'SMS', '07••• •••777', 'PENDING'],
    ]);
    expect(resent.data!.resendMessage.history.map((h) => h.type)).toEqual(['BOOKED', 'MESSAGE_SENT', 'MESSAGE_FAILED', 'CONTACT_UPDATED', 'MESSAGE_RESENT']);
    const again = resent.data!.resendMessage.messages[1];
    await until(async () => (await messagesOf(id)).find((m) => m.id === again.id && m.status === 'DELIVERED'));
    expect(accepted(again.id)).toHaveLength(1);
    expect(accepted(again.id)[0]).toMatchObject({ type: 'sms', to: '+447700900777' });
    expect((await audited(id)).find((a) => a.action === 'visit.message_resent')!.detail).toEqual({ messageId: failed.id, kind: 'bookingConfirmation', channel: 'sms', newLink: false });

    const twice = await api.as(NURSE, RESEND, { id: failed.id });
    expect(twice.errors?.[0]).toMatchObject({ message: 'This message has already been sent again', extensions: { code: 'CONFLICT' } });
    const delivered = await api.as(NURSE, RESEND, { id: again.id });
    expect(delivered.errors?.[0]).toMatchObject({ message: 'Only a message that failed can be sent again; this one is delivered', extensions: { code: 'CONFLICT' } });
    expect((await messagesOf(id))).toHaveLength(2);
  });

  it('sends one message even when "send again" is pressed twice at once', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T19:00:00Z', { contactMobile: '07700900002' });
    const failed = await until(async () => (await messagesOf(id)).find((m) => m.status === 'PERMANENT_FAILURE'));
    await api.as(NURSE, CONTACT, { id, input: { contactName: 'David Jones', contactMobile: '07700 900778' } });
    const results = await Promise.all([api.as(NURSE, RESEND, { id: failed.id }), api.as(NURSE, RESEND, { id: failed.id })]);
    expect(results.map((r) => codes(r)).sort()).toEqual([[], ['CONFLICT']]);
    expect(await notificationRows(id)).toHaveLength(2);
  });

  it('gives a failed "ready to join" a new link, sent on every channel, and the old link stops working', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T09:15:00Z', { contactMobile: '07700900002', contactEmail: 'david.jones@example.org' });
    const started = await api.as<{ startVisit: { visitorLink: string } }>(NURSE, START, { id });
    const failed = await until(async () => (await messagesOf(id)).find((m) => m.kind === 'READY_TO_JOIN' && m.channel === 'SMS' && m.status === 'PERMANENT_FAILURE'));
    await until(async () => (await messagesOf(id)).find((m) => m.kind === 'READY_TO_JOIN' && m.channel === 'EMAIL' && m.status === 'DELIVERED'));
    await api.as(NURSE, CONTACT, { id, input: { contactName: 'David Jones', contactMobile: '07700 900779', contactEmail: 'david.jones@example.org' } });
    const resent = await api.as<{ resendMessage: { messages: Message[] } }>(NURSE, RESEND, { id: failed.id });
    expect(resent.errors).toBeUndefined();
    const fresh = resent.data!.resendMessage.messages.filter((m) => m.kind === 'READY_TO_JOIN' && m.status === 'PENDING');
    expect(fresh.map((m) => m.channel).sort()).toEqual(['EMAIL', 'SMS']);
    const sms = await until(async () => {
      const row = (await notificationRows(id)).find((r) => r.id === fresh.find((m) => m.channel === 'SMS')!.id && r.status === 'delivered');
      return row && accepted(row.id)[0];
    });
    expect(sms.to).toBe('+447700900779');
    const newLink = new URL(sms.personalisation.link as string).pathname;
    expect(newLink).not.toBe(new URL(started.data!.startVisit.visitorLink).pathname);
    expect(await (await fetch(`${api.url}${newLink}`)).text()).toContain('Join the video visit');
    expect(await (await fetch(`${api.url}${new URL(started.data!.startVisit.visitorLink).pathname}`)).text()).toContain('This link does not work');
  });

  it("refuses a message the visit has moved past, as CONFLICT saying why", async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T20:00:00Z', { contactMobile: '07700900002' });
    const failed = await until(async () => (await messagesOf(id)).find((m) => m.status === 'PERMANENT_FAILURE'));
    await api.as(NURSE, 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Patient discharged") { status } }', { id });
    const result = await api.as(NURSE, RESEND, { id: failed.id });
    expect(result.errors?.[0]).toMatchObject({ message: 'This message cannot be sent again: the visit is cancelled', extensions: { code: 'CONFLICT' } });
  });

  it("is NOT_FOUND for another ward's or trust's message, FORBIDDEN for a role that acts on no visit, BAD_USER_INPUT for a malformed id; and sends nothing", async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T21:00:00Z', { contactMobile: '07700900002' });
    const failed = await until(async () => (await messagesOf(id)).find((m) => m.status === 'PERMANENT_FAILURE'));
    await api.as(NURSE, CONTACT, { id, input: { contactName: 'David Jones', contactMobile: '07700 900780' } });
    for (const result of [await api.as(MANAGER, RESEND, { id: failed.id }), await api.as(OTHER_TRUST, RESEND, { id: failed.id }), await api.as(NURSE, RESEND, { id: '00000000-0000-4000-8000-000000000000' })]) {
      expect(result.errors?.[0]).toMatchObject({ message: 'Message was not found', extensions: { code: 'NOT_FOUND' } });
    }
    expect(codes(await api.as(ADMIN, RESEND, { id: failed.id }))).toEqual(['FORBIDDEN']);
    expect(fields(await api.as(NURSE, RESEND, { id: 'x' }))).toEqual([{ field: 'id', message: 'is not an id (ids are UUIDs, as the API gives them)' }]);
    expect(await notificationRows(id)).toHaveLength(1);
  });
});

describe("a ward's list with each visit's messages and history", () => {
  it('shows the kind, channel, masked recipient, status and reason of every message, and the history, for the ward only', async () => {
    now = new Date('2026-11-25T08:00:00Z');
    const failing = await book(NURSE, 'ED', '2026-11-25T10:00:00Z', { contactMobile: '07700900002' });
    const fine = await book(NURSE, 'ED', '2026-11-25T11:00:00Z', { contactEmail: 'asha@example.org' });
    await until(async () => (await messagesOf(failing)).some((m) => m.status === 'PERMANENT_FAILURE') && (await messagesOf(fine)).some((m) => m.status === 'DELIVERED'));
    const list = await api.as<{ visits: { edges: { node: { id: string; messages: Message[]; history: { type: string }[] } }[] } }>(
      NURSE,
      'query($ward: ID!) { visits(filter: { wardId: $ward, from: "2026-11-25T00:00:00Z", to: "2026-11-26T00:00:00Z" }) { edges { node { id messages { id kind channel recipient status reason } history { type occurredAt } } } } }',
      { ward: wards.ED },
    );
    expect(list.errors).toBeUndefined();
    const byId = new Map(list.data!.visits.edges.map((e) => [e.node.id, e.node]));
    expect(byId.get(failing)!.messages).toEqual([
      { id: expect.any(String), kind: 'BOOKING_CONFIRMATION', channel: 'SMS', recipient: '07••• •••002', status: 'PERMANENT_FAILURE', reason: 'the number or address does not exist or cannot receive messages' },
    ]);
    expect(byId.get(failing)!.history.map((h) => h.type)).toEqual(['BOOKED', 'MESSAGE_SENT', 'MESSAGE_FAILED']);
    expect(byId.get(fine)!.messages).toEqual([{ id: expect.any(String), kind: 'BOOKING_CONFIRMATION', channel: 'EMAIL', recipient: 'a•••@example.org', status: 'DELIVERED', reason: null }]);
    expect(byId.get(fine)!.history.map((h) => h.type)).toEqual(['BOOKED', 'MESSAGE_SENT']);
  });
});
