import { FAILURE_REASONS, Notification, MessagingPause, RECEIPT_OVERDUE_MS } from '@vv/domain/notifications';
import { Trust } from '@vv/domain/trusts';
import { until } from '@vv/platform/testing';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * Messages to families end to end: visit changes through the API write the outbox, the
 * worker (in this process) relays and sends through the real Notify client to a local
 * server that speaks Notify's API and checks what it gets, and its delivery receipts come
 * back to the API. The clock is the test's, so reminders and leases are deterministic.
 */
let now = new Date('2026-11-23T09:00:00Z');
let api: ApiTestHarness;
let wards: Record<string, string>;
const NURSE = 'nurse.rnq@nhs.net';
const MANAGER = 'ward.manager.rnq@nhs.net';
const BOOK = 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }';
const MESSAGES = 'query($id: ID!) { visit(id: $id) { history { type } messages { kind channel recipient status reason } } }';
type Message = { kind: string; channel: string; recipient: string; status: string; reason: string | null };

async function book(email: string, ward: string, startAt: string, contact: Record<string, string> = { contactMobile: '07700 900123', contactEmail: 'david.jones@example.org' }) {
  const result = await api.as<{ bookVisit: { id: string } }>(email, BOOK, { input: { wardId: wards[ward], patientName: 'Margaret Jones', contactName: 'David Jones', startAt, ...contact } });
  expect(result.errors).toBeUndefined();
  return result.data!.bookVisit.id;
}

async function messages(email: string, id: string): Promise<{ messages: Message[]; history: string[] }> {
  const result = await api.as<{ visit: { messages: Message[]; history: { type: string }[] } }>(email, MESSAGES, { id });
  return { messages: result.data!.visit.messages, history: result.data!.visit.history.map((h) => h.type) };
}


const accepted = (reference: string) => api.notify.server.accepted.filter((n) => n.reference === reference);

/**
 * Moves the test's clock to each time the visit's waiting messages are due again (after an
 * outage, a rate limit, a look-up), until none is waiting: the rows, oldest first.
 */
async function walkClockUntilSettled(visitId: string) {
  for (;;) {
    // settled, or waiting for a later time than now (the sender has dealt with what was due)
    const rows = await until(async () => {
      const found = await rowsOf(visitId);
      const waiting = found.filter((r) => r.status === 'pending' || r.status === 'sending');
      return waiting.every((r) => r.retryAt && r.retryAt > now) && found;
    }, 30_000);
    const waiting = rows.filter((r) => r.status === 'pending' || r.status === 'sending');
    if (!waiting.length) return until(async () => {
      // a sent message's receipt follows at once: settled means delivered (or failed, or superseded)
      const found = await rowsOf(visitId);
      return found.every((r) => r.status !== 'sent') && found;
    });
    now = new Date(Math.min(...waiting.map((r) => r.retryAt!.getTime())));
  }
}

beforeAll(async () => {
  api = await startApiTestHarness({ NOTIFY_TIMEOUT_MS: '10000' }, [], { clock: () => now, worker: true }); // the product's own timeout: a slow Notify is tested here
  await api.loadDemoData();
  const result = await api.as<{ wards: { id: string; code: string }[] }>('trust.admin@kgh.nhs.uk', '{ wards { id code } }');
  wards = Object.fromEntries(result.data!.wards.map((w) => [w.code, w.id]));
});
afterAll(() => api?.close());
afterEach(() => api.notify.server.clearFaults());
beforeEach(() => {
  now = new Date('2026-11-23T09:00:00Z');
});

async function rowsOf(visitId: string) {
  const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
  return api.db.inTrust({ trustId: trust.id, odsCode: 'RNQ' }, (em) => em.find(Notification, { visit: { id: visitId } }, { orderBy: { createdAt: 'asc' } }));
}

describe('the six messages', () => {
  it('sends the booking confirmation by text and email, with the personalisation and no link, and shows it delivered', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T14:00:00Z');
    const rows = await until(async () => {
      const found = await rowsOf(id);
      return found.length === 2 && found.every((r) => r.status === 'delivered') && found;
    });
    const sms = accepted(rows.find((r) => r.channel === 'sms')!.id);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ type: 'sms', to: '+447700900123' });
    expect(sms[0].personalisation).toEqual({ patient_first_name: 'Margaret', ward: 'Emergency Department', hospital: 'Kettering General Hospital', trust: 'Kettering General Hospital', date: 'Monday 23 November 2026', time: '2pm' });
    const email = accepted(rows.find((r) => r.channel === 'email')!.id);
    expect(email[0]).toMatchObject({ type: 'email', to: 'david.jones@example.org' });
    const seen = await messages(NURSE, id);
    expect(seen.messages).toEqual([
      { kind: 'BOOKING_CONFIRMATION', channel: 'SMS', recipient: '07••• •••123', status: 'DELIVERED', reason: null },
      { kind: 'BOOKING_CONFIRMATION', channel: 'EMAIL', recipient: 'd•••@example.org', status: 'DELIVERED', reason: null },
    ]);
    expect(seen.history).toEqual(['BOOKED', 'MESSAGE_SENT', 'MESSAGE_SENT']);
  });

  it('sends "ready to join" with the working visitor link, then "visit complete"', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T09:10:00Z', { contactMobile: '07700 900456' });
    await api.as(NURSE, 'mutation($id: ID!) { startVisit(id: $id) { visit { status } } }', { id });
    const ready = await until(async () => (await rowsOf(id)).find((r) => r.kind === 'readyToJoin' && r.status === 'delivered'));
    const link = accepted(ready.id)[0].personalisation.link as string;
    const page = await fetch(`${api.url}${new URL(link).pathname}`);
    expect(await page.text()).toContain('Join the video visit');
    expect(api.notify.server.accepted.filter((n) => n.personalisation.link).every((n) => n.reference && !String(n.reference).includes('Margaret'))).toBe(true);
    await api.as(NURSE, 'mutation($id: ID!) { completeVisit(id: $id) { status } }', { id });
    await until(async () => (await rowsOf(id)).find((r) => r.kind === 'visitComplete' && r.status === 'delivered'));
    expect((await rowsOf(id)).find((r) => r.kind === 'readyToJoin')!.sealedLinkToken ?? null).toBeNull();
  });

  it('reminds at the trust\'s set time before the visit, and never for a visit moved or cancelled since', async () => {
    // CCU has reminders; RNQ sends them 120 minutes before
    const moved = await book(MANAGER, 'CCU', '2026-11-24T11:00:00Z', { contactMobile: '07700 900789' });
    const cancelled = await book(MANAGER, 'CCU', '2026-11-24T15:00:00Z', { contactMobile: '07700 900790' });
    await until(async () => (await rowsOf(cancelled)).some((r) => r.kind === 'bookingConfirmation' && r.status === 'delivered'));
    await api.as(MANAGER, 'mutation($id: ID!) { rescheduleVisit(id: $id, startAt: "2026-11-24T17:00:00Z") { status } }', { id: moved });
    await api.as(MANAGER, 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Patient discharged") { status } }', { id: cancelled });
    now = new Date('2026-11-24T09:30:00Z'); // past the first reminders' time (09:00), before the moved one's (15:00)
    await until(async () => (await rowsOf(moved)).some((r) => r.kind === 'reminder' && r.status === 'superseded'));
    now = new Date('2026-11-24T13:30:00Z'); // past the cancelled visit's reminder time (13:00)
    await until(async () => (await rowsOf(cancelled)).some((r) => r.kind === 'reminder' && r.status === 'superseded'));
    const movedRows = await rowsOf(moved);
    expect(movedRows.filter((r) => r.kind === 'reminder').map((r) => r.status).sort()).toEqual(['pending', 'superseded']);
    expect(movedRows.filter((r) => r.kind === 'reminder' && r.status === 'superseded').every((r) => accepted(r.id).length === 0)).toBe(true);
    now = new Date('2026-11-24T15:01:00Z');
    const reminder = await until(async () => (await rowsOf(moved)).find((r) => r.kind === 'reminder' && r.status === 'delivered'));
    expect(accepted(reminder.id)[0].personalisation.time).toBe('5pm');
    expect((await rowsOf(cancelled)).map((r) => r.kind)).toContain('cancelled');
  });
});

describe('failures', () => {
  it('shows a permanent failure (a number that does not exist) on the visit, with the reason', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T16:00:00Z', { contactMobile: '07700900002' });
    await until(async () => (await rowsOf(id)).some((r) => r.status === 'permanent-failure'));
    const seen = await messages(NURSE, id);
    expect(seen.messages[0]).toEqual({ kind: 'BOOKING_CONFIRMATION', channel: 'SMS', recipient: '07••• •••002', status: 'PERMANENT_FAILURE', reason: 'the number or address does not exist or cannot receive messages' });
    expect(seen.history).toContain('MESSAGE_FAILED');
  });

  it('retries a 500 and a rate limit, and still sends the message exactly once', async () => {
    api.notify.server.inject({ status: 500, times: 2 });
    api.notify.server.inject({ status: 429, error: 'RateLimitError', times: 2 });
    const id = await book(NURSE, 'ED', '2026-11-23T17:00:00Z', { contactMobile: '07700 900555' });
    const [row] = await walkClockUntilSettled(id);
    expect(row.status).toBe('delivered');
    expect(accepted(row.id)).toHaveLength(1);
    expect(row.attempts).toBe(3); // the two 500s and the send that went; the 429s used none
  }, 60_000);

  it('a 10-minute Notify outage delays the message, never drops it, and it goes once when Notify is back', async () => {
    const from = now;
    api.notify.server.inject({ status: 503, forMs: 10 * 60_000 });
    const id = await book(NURSE, 'ED', '2026-11-23T17:15:00Z', { contactMobile: '07700 900571', contactEmail: 'david.jones@example.org' });
    const rows = await walkClockUntilSettled(id);
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    expect(now.getTime() - from.getTime()).toBeGreaterThanOrEqual(10 * 60_000);
    for (const row of rows) {
      expect(accepted(row.id)).toHaveLength(1);
      expect(row.attempts).toBeGreaterThan(3); // tried through the outage, with backoff, and not given up
    }
    expect((await messages(NURSE, id)).history).toEqual(['BOOKED', 'MESSAGE_SENT', 'MESSAGE_SENT']);
  }, 60_000);

  it('429s for minutes hold the message back without using up attempts', async () => {
    api.notify.server.inject({ status: 429, error: 'RateLimitError', forMs: 150_000 });
    const id = await book(NURSE, 'ED', '2026-11-23T17:20:00Z', { contactMobile: '07700 900572' });
    const [row] = await walkClockUntilSettled(id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(accepted(row.id)).toHaveLength(1);
    expect(api.notify.server.sendRequests.filter((r) => r.reference === row.id).length).toBeGreaterThan(10);
  }, 60_000);

  it('a message that stops being true while Notify is down is superseded with the reason, and the one that is true goes', async () => {
    api.notify.server.inject({ status: 500, forMs: 5 * 60_000 });
    const id = await book(NURSE, 'ED', '2026-11-23T17:25:00Z', { contactMobile: '07700 900573' });
    await until(async () => (await rowsOf(id)).find((r) => r.retryAt));
    await api.as(NURSE, 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Patient discharged") { status } }', { id });
    const rows = await walkClockUntilSettled(id);
    expect(rows.map((r) => [r.kind, r.status, r.lastError])).toEqual([
      ['bookingConfirmation', 'superseded', 'the visit is cancelled'],
      ['cancelled', 'delivered', null],
    ]);
    expect(accepted(rows[0].id)).toHaveLength(0);
    expect(accepted(rows[1].id)).toHaveLength(1);
  }, 60_000);

  it('a Notify that takes 15 s to accept (past our timeout) gets the message once: it is looked up, not sent again, until a look-up can be believed', async () => {
    const from = now;
    api.notify.server.slow({ ms: 15_000 });
    const lookUps = () => api.notify.server.responses[200] ?? 0;
    const id = await book(NURSE, 'ED', '2026-11-23T17:35:00Z', { contactMobile: '07700 900574' });
    // our request times out (10 s, real time) while Notify still holds it
    const timedOut = await until(async () => (await rowsOf(id)).find((r) => r.lastError?.startsWith('no answer from GOV.UK Notify')), 30_000);
    expect(timedOut.status).toBe('sending');
    // a few seconds on: an early look-up finds nothing yet, and nothing is sent
    const asked = lookUps();
    expect(timedOut.retryAt!.getTime()).toBeLessThan(from.getTime() + 15_000);
    now = timedOut.retryAt!;
    const waiting = await until(async () => lookUps() > asked && (await rowsOf(id)).find((r) => r.retryAt && r.retryAt > now));
    expect(waiting.retryAt).toEqual(timedOut.lookUpAfter);
    expect(api.notify.server.sendRequests.filter((r) => r.reference === waiting.id)).toHaveLength(1);
    // Notify finishes the first request at 15 s; the look-up after the wait finds it
    now = new Date(from.getTime() + 16_000);
    await until(async () => api.notify.server.held === 0 && accepted(waiting.id).length === 1);
    now = new Date(timedOut.lookUpAfter!.getTime() + 1_000);
    const [row] = await walkClockUntilSettled(id);
    expect(row.status).toBe('delivered');
    expect(row.providerId).toBe(accepted(row.id)[0].id);
    expect(accepted(row.id)).toHaveLength(1);
    expect(api.notify.server.sendRequests.filter((r) => r.reference === row.id)).toHaveLength(1);
  }, 60_000);

  it('makes a refused request (400) a permanent failure without retrying', async () => {
    api.notify.server.inject({ status: 400, error: 'BadRequestError', times: 1 });
    const id = await book(NURSE, 'ED', '2026-11-23T18:00:00Z', { contactMobile: '07700 900556' });
    const row = await until(async () => (await rowsOf(id)).find((r) => r.status === 'permanent-failure'));
    expect(row.attempts).toBe(1);
    expect(row.lastError).not.toMatch(/07700|Margaret|David/);
  });

  it("pauses a trust's sending at Notify's daily limit, and raises an alert", async () => {
    api.notify.server.inject({ status: 429, error: 'TooManyRequestsError', times: 1 });
    const id = await book(NURSE, 'ED', '2026-11-23T19:00:00Z', { contactMobile: '07700 900557' });
    const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    const pause = await until(() => api.db.inTrust({ trustId: trust.id, odsCode: 'RNQ' }, (em) => em.findOne(MessagingPause, { trust: trust.id })).then((p) => p ?? undefined));
    expect(pause.pausedUntil.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    const row = (await rowsOf(id))[0];
    expect(row.status).toBe('pending');
    expect(row.lastError).toMatch(/daily limit/);
    // lift the pause as a new day would, and it goes
    await api.db.inTrust({ trustId: trust.id, odsCode: 'RNQ' }, async (em) => em.remove(await em.findOneOrFail(MessagingPause, { trust: trust.id })));
  });

  it('after a crash between Notify accepting and the record, asks Notify before sending again', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T20:00:00Z', { contactMobile: '07700 900558' });
    const sent = await until(async () => (await rowsOf(id)).find((r) => r.status === 'delivered'));
    // as if the sender died after Notify accepted: the row still says sending, and is queued again
    const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    await api.db.inTrust({ trustId: trust.id, odsCode: 'RNQ' }, async (em) => {
      const row = await em.findOneOrFail(Notification, { id: sent.id });
      row.status = 'sending';
      row.providerId = null;
      row.enqueuedAt = new Date(now.getTime() - 10 * 60_000);
      // as the sender left it just before its request: looked up first, before anything is sent again
      row.attemptedAt = now;
      row.lookUpAfter = new Date(now.getTime() + 30_000);
    });
    // found, with the outcome Notify already knows (its receipt was spent): recorded at once, not asked about again later
    const recorded = await until(async () => (await rowsOf(id)).find((r) => r.id === sent.id && r.status === 'delivered' && r.providerId));
    expect(recorded.providerId).toBe(accepted(sent.id)[0].id);
    expect(recorded.lookUpAfter ?? null).toBeNull();
    expect(accepted(sent.id)).toHaveLength(1);
  });
});

describe('an attempt nobody heard the answer to', () => {
  it('is looked up before anything is sent again, even when the look-ups meet 429s for a while, and ends as the look-up says', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T20:30:00Z', { contactMobile: '07700 900578' });
    const sent = await until(async () => (await rowsOf(id)).find((r) => r.status === 'delivered'));
    // as a sender killed while Notify was taking it leaves it: sending, the look-up believable from now
    const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
    api.notify.server.inject({ status: 429, error: 'RateLimitError', forMs: 30_000 });
    await api.db.inTrust({ trustId: trust.id, odsCode: 'RNQ' }, async (em) => {
      const row = await em.findOneOrFail(Notification, { id: sent.id });
      Object.assign(row, { status: 'sending', providerId: null, enqueuedAt: null, attemptedAt: new Date(now.getTime() - 60_000), lookUpAfter: now });
    });
    for (;;) {
      const row = await until(async () => {
        const found = (await rowsOf(id)).find((r) => r.id === sent.id)!;
        return (found.status === 'delivered' || (found.retryAt && found.retryAt > now)) && found;
      }, 30_000);
      if (row.status === 'delivered') break;
      now = row.retryAt!;
    }
    const row = (await rowsOf(id)).find((r) => r.id === sent.id)!;
    expect(row.providerId).toBe(accepted(sent.id)[0].id);
    expect(row.lookUpAfter ?? null).toBeNull();
    expect(accepted(sent.id)).toHaveLength(1);
    expect(api.notify.server.sendRequests.filter((r) => r.reference === sent.id)).toHaveLength(1);
  });
});

describe('a visit change and a send at the same moment', () => {
  const waitingForAMessageLock = async () =>
    Number((await api.ownerOrm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from pg_locks where locktype = 'advisory' and not granted`))[0].n) > 0;

  it('a cancel that comes while the booking confirmation is with Notify waits for it: nothing is accepted after the cancel is answered', async () => {
    api.notify.server.slow({ ms: 1_000 });
    const id = await book(NURSE, 'ED', '2026-11-23T15:10:00Z', { contactMobile: '07700 900575' });
    await until(async () => api.notify.server.held === 1);
    const cancel = api.as(NURSE, 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Patient discharged") { status } }', { id });
    await until(waitingForAMessageLock); // the cancel waits for the send in flight
    now = new Date(now.getTime() + 2_000); // Notify answers
    const answered = await cancel;
    const acceptedWhenAnswered = api.notify.server.accepted.length;
    expect(answered.errors).toBeUndefined();
    const [confirmation] = await walkClockUntilSettled(id);
    expect(confirmation.kind).toBe('bookingConfirmation');
    expect(accepted(confirmation.id)).toHaveLength(1);
    // the cancellation goes too; nothing else was accepted for this visit after the cancel was answered
    const after = api.notify.server.accepted.slice(acceptedWhenAnswered).map((n) => n.reference);
    expect(after.every((reference) => reference !== confirmation.id)).toBe(true);
  });

  it('a move to another day while the confirmation is with Notify waits for it, and the family then hears of the move', async () => {
    api.notify.server.slow({ ms: 1_000 });
    const id = await book(NURSE, 'ED', '2026-11-23T15:40:00Z', { contactMobile: '07700 900577' });
    await until(async () => api.notify.server.held === 1);
    const move = api.as(NURSE, 'mutation($id: ID!) { rescheduleVisit(id: $id, startAt: "2026-11-24T15:40:00Z") { status } }', { id });
    await until(waitingForAMessageLock);
    now = new Date(now.getTime() + 2_000);
    expect((await move).errors).toBeUndefined();
    const rows = await walkClockUntilSettled(id);
    expect(rows.map((r) => [r.kind, r.status])).toEqual([
      ['bookingConfirmation', 'delivered'],
      ['rescheduled', 'delivered'],
    ]);
  });

  it('a start right after booking, while the confirmation is with Notify, waits for it and succeeds (no deadlock over the new link)', async () => {
    api.notify.server.slow({ ms: 1_000 });
    const id = await book(NURSE, 'ED', '2026-11-23T09:20:00Z', { contactMobile: '07700 900576' });
    await until(async () => api.notify.server.held === 1);
    const start = api.as(NURSE, 'mutation($id: ID!) { startVisit(id: $id) { visit { status } } }', { id });
    await until(waitingForAMessageLock);
    now = new Date(now.getTime() + 2_000);
    expect(await start).toMatchObject({ data: { startVisit: { visit: { status: 'READY' } } } });
    const rows = await walkClockUntilSettled(id);
    expect(rows.map((r) => [r.kind, r.status])).toEqual([
      ['bookingConfirmation', 'delivered'],
      ['readyToJoin', 'delivered'],
    ]);
  });
});

describe('delivery receipts', () => {
  it('refuses a receipt without the trust\'s bearer token, and takes the same receipt twice without change', async () => {
    const id = await book(NURSE, 'ED', '2026-11-23T21:00:00Z', { contactMobile: '07700 900559' });
    const row = await until(async () => (await rowsOf(id)).find((r) => r.status === 'delivered'));
    const receipt = { id: row.providerId, reference: row.id, status: 'permanent-failure', to: '+447700900559' };
    const forged = await fetch(`${api.url}/notify/receipts/RNQ`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: JSON.stringify(receipt) });
    expect(forged.status).toBe(401);
    // a late failure after delivery does not undo "delivered"
    expect(await api.notify.server.deliver(row.providerId!, 'permanent-failure')).toBe(204);
    expect(await api.notify.server.deliver(row.providerId!, 'delivered')).toBe(204);
    expect((await rowsOf(id))[0].status).toBe('delivered');
  });

  it("answers a receipt in a status it does not keep (Notify's interim ones, a name every object has) at once, changing nothing", async () => {
    // a temporary failure can still be followed by the message's real outcome: a receipt could move it
    const id = await book(NURSE, 'ED', '2026-11-23T21:15:00Z', { contactMobile: '07700 900003' });
    const row = await until(async () => (await rowsOf(id)).find((r) => r.status === 'temporary-failure'));
    const before = await messages(NURSE, id);
    const token = process.env.RNQ_NOTIFY_CALLBACK_TOKEN;
    expect(token).toBeTruthy();
    for (const status of ['constructor', 'toString', '__proto__', 'sending', 'created', 42]) {
      const answer = await fetch(`${api.url}/notify/receipts/RNQ`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ id: row.providerId, reference: row.id, status, to: '+447700900003' }),
      });
      expect([status, answer.status]).toEqual([status, 204]);
    }
    const after = (await rowsOf(id)).find((r) => r.id === row.id)!;
    expect([after.status, after.lastError]).toEqual(['temporary-failure', row.lastError]);
    expect(await messages(NURSE, id)).toEqual(before);
  });

  it("keeps a failure receipt that arrived before Notify's answer to the send, and tells the history in the order it happened", async () => {
    api.notify.server.receiptsBeforeAnswers(1);
    const answered = api.notify.server.responses[201] ?? 0;
    const id = await book(NURSE, 'ED', '2026-11-23T21:30:00Z', { contactMobile: '07700 900002' }); // Notify: no such number
    await until(async () => (await rowsOf(id)).some((r) => r.status === 'permanent-failure'));
    await until(async () => (api.notify.server.responses[201] ?? 0) > answered);
    await api.noJobRunning(); // so the sender has heard Notify's answer and recorded it
    const [row] = await rowsOf(id);
    expect(row).toMatchObject({ status: 'permanent-failure', lastError: 'the number or address does not exist or cannot receive messages' });
    expect(row.sentAt).toEqual(now);
    expect(accepted(row.id)).toHaveLength(1);
    const seen = await messages(NURSE, id);
    expect(seen.history).toEqual(['BOOKED', 'MESSAGE_SENT', 'MESSAGE_FAILED']);
    expect(seen.messages).toEqual([{ kind: 'BOOKING_CONFIRMATION', channel: 'SMS', recipient: '07••• •••002', status: 'PERMANENT_FAILURE', reason: 'the number or address does not exist or cannot receive messages' }]);
  });

  it("keeps a delivery receipt that arrived before Notify's answer", async () => {
    api.notify.server.receiptsBeforeAnswers(1);
    const answered = api.notify.server.responses[201] ?? 0;
    const id = await book(NURSE, 'ED', '2026-11-23T21:45:00Z', { contactMobile: '07700 900561' });
    await until(async () => (await rowsOf(id)).some((r) => r.status === 'delivered'));
    await until(async () => (api.notify.server.responses[201] ?? 0) > answered);
    await api.noJobRunning();
    expect((await rowsOf(id)).map((r) => [r.status, r.lastError ?? null])).toEqual([['delivered', null]]);
    expect((await messages(NURSE, id)).history).toEqual(['BOOKED', 'MESSAGE_SENT']);
  });
});

describe('a delivery receipt that never comes', () => {
  it('is not waited for for ever: once overdue the message is looked up at Notify, and ends as Notify says', async () => {
    const before = api.notify.server.receipts.length;
    // the API cannot be reached: every post of the receipts fails, and Notify gives up (as it does after its retries)
    api.notify.server.setCallback(api.notify.serviceIdOf('RNQ'), 'http://127.0.0.1:9/notify/receipts/RNQ', 'unreachable-callback-token');
    let id: string;
    let sent: Notification[];
    try {
      id = await book(NURSE, 'ED', '2026-11-23T22:00:00Z', { contactMobile: '07700 900002', contactEmail: 'david.jones@example.org' }); // the text cannot arrive
      sent = await until(async () => {
        const rows = await rowsOf(id);
        return rows.length === 2 && rows.every((r) => r.status === 'sent') && rows;
      });
      const gaveUp = () => sent.every((row) => api.notify.server.receipts.slice(before).filter((r) => r.providerId === row.providerId).length === 6);
      await until(async () => gaveUp());
      expect(api.notify.server.receipts.slice(before).every((r) => r.answeredWith === null)).toBe(true);
    } finally {
      api.notify.connectReceipts(api.url);
    }
    // what Notify was asked about these two messages (by Notify's id, or by our reference), and when
    const lookUpsOf = (row: Notification) => api.notify.server.lookUps.filter((l) => l.id === row.providerId || l.reference === row.id).map((l) => l.at.toISOString());
    const acceptedAt = sent.map((row) => row.sentAt!.getTime());
    expect(sent.map(lookUpsOf)).toEqual([[], []]);
    // a moment before the receipt is overdue: nothing asked, still sent
    now = new Date(Math.min(...acceptedAt) + RECEIPT_OVERDUE_MS - 1_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // three turns of the relay
    expect((await rowsOf(id)).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(sent.map(lookUpsOf)).toEqual([[], []]);
    // overdue: each is asked about once, and Notify's answer is recorded as the receipt would have been
    now = new Date(Math.max(...acceptedAt) + RECEIPT_OVERDUE_MS);
    const rows = await until(async () => {
      const found = await rowsOf(id);
      return found.every((r) => r.status !== 'sent') && found;
    });
    expect(rows.map((r) => [r.channel, r.status, r.lastError ?? null, r.lookUpAfter ?? null]).sort()).toEqual([
      ['email', 'delivered', null, null],
      ['sms', 'permanent-failure', FAILURE_REASONS['permanent-failure'], null],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // two more turns of the relay: nothing more is asked
    expect(sent.map(lookUpsOf)).toEqual([[now.toISOString()], [now.toISOString()]]);
    for (const row of rows) expect(accepted(row.id)).toHaveLength(1);
    expect((await messages(NURSE, id)).history).toEqual(['BOOKED', 'MESSAGE_SENT', 'MESSAGE_SENT', 'MESSAGE_FAILED']);
  }, 60_000);
});

describe("a trust's Notify settings through the API", () => {
  const SETTINGS = '{ messagingSettings { templates { kind sms email } reminderMinutesBefore notifyApiKeySet notifyServiceId callbackTokenSet callbackUrl } }';
  const UPDATE = 'mutation($input: MessagingSettingsInput!) { updateMessagingSettings(input: $input) { notifyApiKeySet notifyServiceId callbackTokenSet reminderMinutesBefore } }';

  it('shows trust admins the settings, never the secrets, and refuses everyone else', async () => {
    const result = await api.as<{ messagingSettings: Record<string, unknown> }>('trust.admin@kgh.nhs.uk', SETTINGS);
    expect(result.data!.messagingSettings).toMatchObject({ notifyApiKeySet: true, callbackTokenSet: true, callbackUrl: expect.stringMatching(/\/notify\/receipts\/RNQ$/) });
    expect(JSON.stringify(result)).not.toContain(process.env.RNQ_NOTIFY_API_KEY!.slice(-36));
    expect(codes(await api.as(NURSE, SETTINGS))).toEqual(['FORBIDDEN']);
    expect(codes(await api.as('group.admin@nhs.net', SETTINGS, undefined, 'RNQ'))).toEqual(['FORBIDDEN']);
  });

  it('takes a new Notify key, keeps it sealed at rest, sends with it, and rejects a malformed one naming the field', async () => {
    const bad = await api.as('trust.admin@kgh.nhs.uk', UPDATE, { input: { notifyApiKey: 'not-a-key', callbackToken: 'short' } });
    expect(bad.errors?.[0].extensions?.fields).toEqual([
      { field: 'notifyApiKey', message: 'must be a GOV.UK Notify API key: {key name}-{service id}-{secret key}, both ids UUIDs' },
      { field: 'callbackToken', message: 'must be 32 to 200 printable characters without spaces' },
    ]);
    expect(JSON.stringify(bad)).not.toContain('not-a-key');
    const key = process.env.RNQ_NOTIFY_API_KEY!;
    const updated = await api.as<{ updateMessagingSettings: Record<string, unknown> }>('trust.admin@kgh.nhs.uk', UPDATE, { input: { notifyApiKey: key, reminderMinutesBefore: 90 } });
    expect(updated.data!.updateMessagingSettings).toMatchObject({ notifyApiKeySet: true, notifyServiceId: api.notify.serviceIdOf('RNQ'), reminderMinutesBefore: 90 });
    const stored = await api.ownerOrm.em.fork().getConnection().execute<{ sealed: string }[]>(`select sealed from trust_secret where name = 'notifyApiKey'`);
    expect(stored).toHaveLength(1);
    expect(stored[0].sealed).not.toContain(key.slice(-36));
    // the environment variable goes away: messages still go, with the stored key
    const fromEnv = process.env.RNQ_NOTIFY_API_KEY;
    delete process.env.RNQ_NOTIFY_API_KEY;
    try {
      const id = await book(NURSE, 'ED', '2026-11-23T22:00:00Z', { contactMobile: '07700 900560' });
      await until(async () => (await rowsOf(id)).find((r) => r.status === 'delivered'));
    } finally {
      process.env.RNQ_NOTIFY_API_KEY = fromEnv;
    }
  });
});

const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code) ?? [];
