import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { closeServer, listen } from '@vv/platform/testing';
import {
  createNotifySender,
  makeNotifyApiKey,
  NotifyLookupError,
  startLocalNotifyServer,
  type LocalNotifyServer,
  type NotifyMessage,
  type NotifyOutcome,
  type NotifySender,
} from '../index';
import {
  API_KEY,
  EMAIL,
  EMAIL_TEMPLATE,
  MOBILE,
  OTHER_API_KEY,
  OTHER_SECRET,
  PERSONALISATION,
  REPLY_TO,
  SECRET,
  SERVICE_ID,
  SMS_SENDER,
  SMS_TEMPLATE,
  UNKNOWN_TEMPLATE,
  expectNothingPersonal,
  printed,
  services,
  scriptedServer,
  type ScriptedServer,
} from './notify-test-fixtures';

/** The local Notify's clock: the time it records on notifications. */
const NOW = new Date('2026-11-23T09:00:00Z');
const REFERENCE = '3f8e2d1c-0b9a-4f7e-8d6c-5b4a39281706';

const smsMessage = (overrides: Partial<NotifyMessage> = {}): NotifyMessage => ({
  channel: 'sms',
  templateId: SMS_TEMPLATE,
  to: MOBILE,
  personalisation: { ...PERSONALISATION },
  reference: REFERENCE,
  ...overrides,
});
const emailMessage = (overrides: Partial<NotifyMessage> = {}): NotifyMessage => ({
  channel: 'email',
  templateId: EMAIL_TEMPLATE,
  to: EMAIL,
  personalisation: { ...PERSONALISATION },
  reference: REFERENCE,
  ...overrides,
});

describe('Notify sender (notifications-node-client) against the local Notify server', () => {
  let notify: LocalNotifyServer;
  let sender: NotifySender;
  const scriptedServers: ScriptedServer[] = [];
  /** Every outcome a test saw: none may carry the recipient, the personalisation or the key. */
  const outcomes: NotifyOutcome[] = [];

  const send = async (message: NotifyMessage, using = sender) => {
    const outcome = await using.send(message);
    outcomes.push(outcome);
    return outcome;
  };

  beforeEach(async () => {
    notify = await startLocalNotifyServer({ services: services(), clock: () => NOW });
    sender = createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: notify.baseUrl, timeoutMs: 2000 });
  });

  afterEach(async () => {
    await notify.close();
    await Promise.all(scriptedServers.splice(0).map((server) => server.close()));
  });

  afterAll(() => {
    expect(outcomes.length).toBeGreaterThan(15);
    for (const outcome of outcomes) expectNothingPersonal(outcome);
  });

  describe('accepted', () => {
    it('sends an SMS: Notify gets the template, number, personalisation, reference and sender', async () => {
      const outcome = await send(smsMessage({ smsSenderId: SMS_SENDER }));

      expect(notify.accepted).toHaveLength(1);
      expect(outcome).toEqual({ kind: 'accepted', providerId: notify.accepted[0].id });
      expect(notify.accepted[0]).toMatchObject({
        serviceId: SERVICE_ID,
        type: 'sms',
        templateId: SMS_TEMPLATE,
        to: MOBILE,
        personalisation: PERSONALISATION,
        reference: REFERENCE,
        smsSenderId: SMS_SENDER,
      });
      expect(notify.responses).toEqual({ 201: 1 });
    });

    it('sends an email with its reply-to', async () => {
      const outcome = await send(emailMessage({ emailReplyToId: REPLY_TO }));

      expect(outcome).toEqual({ kind: 'accepted', providerId: notify.accepted[0].id });
      expect(notify.accepted[0]).toMatchObject({ type: 'email', templateId: EMAIL_TEMPLATE, to: EMAIL, reference: REFERENCE, emailReplyToId: REPLY_TO });
    });

    it('leaves out an empty sender id, as Notify then uses the service default', async () => {
      await send(smsMessage({ smsSenderId: null }));

      expect(notify.accepted[0].smsSenderId).toBeNull();
    });

    it('signs each request with an HS256 JWT {iss: service id, iat: now} under the key’s secret, and posts Notify’s fields', async () => {
      const wire = await scriptedServer(() => ({ status: 201, body: { id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', reference: REFERENCE } }));
      scriptedServers.push(wire);
      const direct = createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: `${wire.url}/` });

      const outcome = await send(smsMessage({ smsSenderId: SMS_SENDER }), direct);

      expect(outcome).toEqual({ kind: 'accepted', providerId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d' });
      const [request] = wire.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/v2/notifications/sms');
      const jwt = /^Bearer (.+)$/.exec(String(request.headers.authorization))?.[1] ?? '';
      const { payload, protectedHeader } = await jwtVerify(jwt, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] });
      expect(protectedHeader.alg).toBe('HS256');
      expect(payload.iss).toBe(SERVICE_ID);
      // dated by the sender's clock, not the machine's
      expect(payload.iat).toBe(NOW.getTime() / 1000);
      expect(request.headers.authorization).not.toContain(SECRET);
      expect(JSON.parse(request.body)).toEqual({
        template_id: SMS_TEMPLATE,
        phone_number: MOBILE,
        personalisation: PERSONALISATION,
        reference: REFERENCE,
        sms_sender_id: SMS_SENDER,
      });
    });
  });

  describe('refused: permanent, with Notify’s reason and nothing personal', () => {
    it('a wrong key (right service, wrong secret)', async () => {
      const wrongKey = makeNotifyApiKey('vv_local', SERVICE_ID, OTHER_SECRET);
      const outcome = await send(smsMessage(), createNotifySender({ clock: () => NOW, apiKey: wrongKey, baseUrl: notify.baseUrl }));

      expect(outcome).toEqual({ kind: 'permanent', reason: '403 AuthError: Invalid token: API key not found' });
      expect(printed(outcome)).not.toContain(wrongKey);
      expect(printed(outcome)).not.toContain(OTHER_SECRET);
      expect(notify.accepted).toHaveLength(0);
    });

    it('a key for a service Notify does not know', async () => {
      const stranger = makeNotifyApiKey('vv_x', '99999999-9999-4999-8999-999999999999', OTHER_SECRET);
      const outcome = await send(smsMessage(), createNotifySender({ clock: () => NOW, apiKey: stranger, baseUrl: notify.baseUrl }));

      expect(outcome).toEqual({ kind: 'permanent', reason: '403 AuthError: Invalid token: service not found' });
    });

    it.each([
      ['an unknown template', smsMessage({ templateId: UNKNOWN_TEMPLATE }), '400 BadRequestError: Template not found'],
      ['an email template for an SMS', smsMessage({ templateId: EMAIL_TEMPLATE }), '400 BadRequestError: email template is not suitable for sms notification'],
      ['missing personalisation', smsMessage({ personalisation: { patient: 'Alexandra' } }), '400 BadRequestError: Missing personalisation: ward, time'],
      ['a landline', smsMessage({ to: '+442079460000' }), '400 ValidationError: phone_number Not a UK mobile number'],
      ['a bad email address', emailMessage({ to: 'sam.visitor@example' }), '400 ValidationError: email_address Not a valid email address'],
    ])('%s', async (_, message, reason) => {
      expect(await send(message)).toEqual({ kind: 'permanent', reason });
      expect(notify.accepted).toHaveLength(0);
    });

    it('removes personal data and the key even when the answer echoes them', async () => {
      const echo = await scriptedServer((request) => ({
        status: 400,
        body: { status_code: 400, errors: [{ error: 'BadRequestError', message: `cannot send ${request.body} signed ${request.headers.authorization}` }] },
      }));
      scriptedServers.push(echo);

      const outcome = await send(smsMessage(), createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: echo.url }));

      expect(outcome.kind).toBe('permanent');
      expect((outcome as { reason: string }).reason).toMatch(/^400 BadRequestError: cannot send/);
      expectNothingPersonal(outcome);
      expect(printed(outcome)).not.toContain('eyJ');
    });

    it('refuses a reference that holds personal data without sending anything', async () => {
      const outcomesSeen = [await send(smsMessage({ reference: MOBILE })), await send(emailMessage({ reference: `visit for ${EMAIL}` }))];

      expect(outcomesSeen).toEqual(Array(2).fill({ kind: 'permanent', reason: 'not sent: the reference looks like personal data; it must be an opaque id' }));
      expect(notify.responses).toEqual({});
    });
  });

  describe('Notify’s limits and errors', () => {
    it('429 RateLimitError → rate_limited, for the configured pause', async () => {
      notify.inject({ status: 429, error: 'RateLimitError' });
      const patient = createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: notify.baseUrl, rateLimitBackoffMs: 2500 });

      expect(await send(smsMessage(), patient)).toEqual({ kind: 'rate_limited', retryAfterMs: 2500 });
      expect(await send(smsMessage(), patient)).toEqual({ kind: 'accepted', providerId: notify.accepted[0].id });
    });

    it('429 TooManyRequestsError → daily_limit', async () => {
      notify.inject({ status: 429, error: 'TooManyRequestsError' });

      expect(await send(smsMessage())).toEqual({ kind: 'daily_limit' });
      expect(notify.accepted).toHaveLength(0);
    });

    it.each([500, 503] as const)('%i → temporary', async (status) => {
      notify.inject({ status, times: 2 });

      const first = await send(emailMessage());
      const second = await send(emailMessage());
      const third = await send(emailMessage());

      expect(first).toEqual({ kind: 'temporary', reason: status === 500 ? '500 Exception: Internal server error' : '503 Exception: Service temporarily unavailable' });
      expect(second.kind).toBe('temporary');
      expect(third.kind).toBe('accepted');
      expect(notify.responses).toEqual({ [status]: 2, 201: 1 });
    });

    it('injected 400 and 403 are permanent', async () => {
      notify.inject({ status: 400, error: 'BadRequestError' });
      notify.inject({ status: 403, error: 'AuthError' });

      expect((await send(smsMessage())).kind).toBe('permanent');
      expect(await send(smsMessage())).toEqual({ kind: 'permanent', reason: '403 AuthError: Invalid token: API key not found' });
    });

    it('Notify down → temporary', async () => {
      const gone = await startLocalNotifyServer({ services: services(), clock: () => NOW });
      const baseUrl = gone.baseUrl;
      await gone.close();

      const outcome = await send(smsMessage(), createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl }));

      expect(outcome).toEqual({ kind: 'temporary', reason: 'could not reach GOV.UK Notify (ECONNREFUSED)' });
    });

    it('no answer within the timeout → temporary, on time', async () => {
      const silent = await scriptedServer(() => null);
      scriptedServers.push(silent);
      const impatient = createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: silent.url, timeoutMs: 300 });

      // without a deadline the send would never end (the test's own timeout fails it): no duration is asserted
      const outcome = await send(smsMessage(), impatient);

      expect(outcome).toEqual({ kind: 'temporary', reason: 'no answer from GOV.UK Notify within 300 ms', unanswered: true });
      expect(silent.requests).toHaveLength(1);
    });

    it('an answer that trickles in past the timeout → temporary, on time (a whole-request deadline, not only an idle one)', async () => {
      const trickle: Server = createServer((_req, res) => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.write('{"id":"');
        const timer = setInterval(() => res.write('a'), 50);
        res.on('close', () => clearInterval(timer));
      });
      await listen(trickle, 0, '127.0.0.1');
      try {
        const { port } = trickle.address() as AddressInfo;
        const impatient = createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300 });

        const outcome = await send(smsMessage(), impatient);

        expect(outcome).toEqual({ kind: 'temporary', reason: 'no answer from GOV.UK Notify within 300 ms', unanswered: true });
        } finally {
        await closeServer(trickle);
      }
    });

    it('does not follow redirects (the body and token would go elsewhere)', async () => {
      const elsewhere = await scriptedServer(() => ({ status: 201, body: { id: 'x' } }));
      scriptedServers.push(elsewhere);
      const moved: Server = createServer((_req, res) => res.writeHead(307, { location: `${elsewhere.url}/v2/notifications/sms` }).end());
      await listen(moved, 0, '127.0.0.1');
      try {
        const { port } = moved.address() as AddressInfo;
        const outcome = await send(smsMessage(), createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}` }));

        expect(outcome.kind).not.toBe('accepted');
        expect(elsewhere.requests).toHaveLength(0);
      } finally {
        await closeServer(moved);
      }
    });
  });

  describe('findByReference', () => {
    it('finds a message Notify accepted, with its status, and null for anything else', async () => {
      const sent = await send(smsMessage());
      const providerId = (sent as { providerId: string }).providerId;

      expect(await sender.findByReference(REFERENCE, 'sms')).toEqual({ providerId, status: 'created' });
      expect(await sender.findByReference('0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a', 'sms')).toBeNull();
      expect(await sender.findByReference(REFERENCE, 'email')).toBeNull();
    });

    it('sees the status move on when the receipt comes', async () => {
      const receiver = await scriptedServer(() => ({ status: 204 }));
      scriptedServers.push(receiver);
      notify.setCallback(SERVICE_ID, receiver.url, 'callback-token-123');
      const sent = (await send(emailMessage())) as { providerId: string };

      await notify.deliver(sent.providerId, 'permanent-failure');

      expect(await sender.findByReference(REFERENCE, 'email')).toEqual({ providerId: sent.providerId, status: 'permanent-failure' });
    });

    it('does not see another service’s message with the same reference', async () => {
      await send(smsMessage(), createNotifySender({ clock: () => NOW, apiKey: OTHER_API_KEY, baseUrl: notify.baseUrl }));

      expect(notify.accepted).toHaveLength(1);
      expect(await sender.findByReference(REFERENCE, 'sms')).toBeNull();
    });

    it('recovers the message whose answer was lost: Notify accepted it, the send saw a 500', async () => {
      notify.inject({ status: 500, afterAccepting: true });

      const outcome = await send(smsMessage());
      const found = await sender.findByReference(REFERENCE, 'sms');

      expect(outcome.kind).toBe('temporary');
      expect(found).toEqual({ providerId: notify.accepted[0].id, status: 'created' });
      expect(notify.accepted).toHaveLength(1);
    });

    it('throws a NotifyLookupError (without the key) when Notify refuses to answer', async () => {
      const wrongKey = makeNotifyApiKey('vv_local', SERVICE_ID, OTHER_SECRET);
      const lookup = createNotifySender({ clock: () => NOW, apiKey: wrongKey, baseUrl: notify.baseUrl }).findByReference(REFERENCE, 'sms');

      const error = await lookup.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(NotifyLookupError);
      expect((error as NotifyLookupError).outcome).toEqual({ kind: 'permanent', reason: '403 AuthError: Invalid token: API key not found' });
      expect(printed(error)).not.toContain(OTHER_SECRET);
      expect((error as Error).cause).toBeUndefined();
    });

    it('throws a temporary NotifyLookupError when Notify is down', async () => {
      const gone = await startLocalNotifyServer({ services: services(), clock: () => NOW });
      const baseUrl = gone.baseUrl;
      await gone.close();

      const error = await createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl }).findByReference(REFERENCE, 'sms').then(() => null, (e: unknown) => e);

      expect((error as NotifyLookupError).outcome).toEqual({ kind: 'temporary', reason: 'could not reach GOV.UK Notify (ECONNREFUSED)' });
    });
  });

  describe('statusOf', () => {
    it("says what became of a message Notify accepted, by Notify's id, as its receipt moves it on", async () => {
      const receiver = await scriptedServer(() => ({ status: 204 }));
      scriptedServers.push(receiver);
      notify.setCallback(SERVICE_ID, receiver.url, 'callback-token-123');
      const sent = (await send(smsMessage())) as { providerId: string };

      expect(await sender.statusOf(sent.providerId)).toEqual({ status: 'created' });
      await notify.deliver(sent.providerId, 'temporary-failure');
      expect(await sender.statusOf(sent.providerId)).toEqual({ status: 'temporary-failure' });
      expect(notify.lookUps.map((l) => l.id)).toEqual([sent.providerId, sent.providerId]);
    });

    it('answers null for a message Notify does not hold (past its retention, or another service’s)', async () => {
      const theirs = (await send(smsMessage(), createNotifySender({ clock: () => NOW, apiKey: OTHER_API_KEY, baseUrl: notify.baseUrl }))) as { providerId: string };

      expect(await sender.statusOf(theirs.providerId)).toBeNull();
      expect(await sender.statusOf('0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a')).toBeNull();
    });

    it('throws a temporary NotifyLookupError when Notify is down or failing, a permanent one when it refuses the key', async () => {
      const sent = (await send(smsMessage())) as { providerId: string };
      notify.inject({ status: 503, forMs: 60_000 });
      const failing = await sender.statusOf(sent.providerId).then(() => null, (e: unknown) => e);
      notify.clearFaults();
      const wrongKey = makeNotifyApiKey('vv_local', SERVICE_ID, OTHER_SECRET);
      const refused = await createNotifySender({ clock: () => NOW, apiKey: wrongKey, baseUrl: notify.baseUrl }).statusOf(sent.providerId).then(() => null, (e: unknown) => e);

      expect(failing).toBeInstanceOf(NotifyLookupError);
      expect((failing as NotifyLookupError).outcome.kind).toBe('temporary');
      expect((refused as NotifyLookupError).outcome).toEqual({ kind: 'permanent', reason: '403 AuthError: Invalid token: API key not found' });
      expect(printed(refused)).not.toContain(OTHER_SECRET);
    });
  });

  describe('delivery receipts and test numbers, end to end', () => {
    it.each([
      ['07700900002', 'permanent-failure'],
      ['+447700900003', 'temporary-failure'],
      [MOBILE, 'delivered'],
    ])('%s → %s, POSTed with the callback bearer token', async (to, status) => {
      await notify.close();
      notify = await startLocalNotifyServer({ services: services(), clock: () => NOW, autoDeliver: true });
      const receiver = await scriptedServer(() => ({ status: 204 }));
      scriptedServers.push(receiver);
      notify.setCallback(SERVICE_ID, `${receiver.url}/receipts`, 'callback-token-123');

      const sent = (await send(smsMessage({ to }), createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: notify.baseUrl }))) as { providerId: string };
      const until = Date.now() + 2000;
      while (receiver.requests.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));

      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0].headers.authorization).toBe('Bearer callback-token-123');
      expect(JSON.parse(receiver.requests[0].body)).toMatchObject({ id: sent.providerId, reference: REFERENCE, to, status, notification_type: 'sms' });
    });
  });

  describe('configuration', () => {
    it('refuses a malformed key or base URL without printing the key', () => {
      const error = (() => {
        try {
          createNotifySender({ clock: () => NOW, apiKey: `not-a-key-${SECRET}` });
        } catch (e) {
          return e as Error;
        }
        return null;
      })();

      expect(error?.message).toMatch(/is not a GOV\.UK Notify API key/);
      expect(printed(error)).not.toContain(SECRET);
      expect(() => createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: 'ftp://notify' })).toThrow(/http/);
      expect(() => createNotifySender({ clock: () => NOW, apiKey: API_KEY, baseUrl: 'https://user:pw@notify.example' })).toThrow(/credentials/);
      expect(() => createNotifySender({ clock: () => NOW, apiKey: API_KEY, timeoutMs: 0 })).toThrow(/timeoutMs/);
    });
  });
});
