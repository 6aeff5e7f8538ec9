import { startLocalNotifyServer, type LocalNotifyServer } from '../index';
import {
  EMAIL,
  EMAIL_TEMPLATE,
  MOBILE,
  NOW,
  NOW_SECONDS,
  OTHER_SECRET,
  OTHER_SERVICE_ID,
  PERSONALISATION,
  REPLY_TO,
  SECRET,
  SERVICE_ID,
  SMS_SENDER,
  SMS_TEMPLATE,
  UNKNOWN_TEMPLATE,
  eventually,
  services,
  scriptedServer,
  token,
  type ScriptedServer,
} from './notify-test-fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NOTIFY_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const CALLBACK_TOKEN = 'callback-bearer-token-5f1e';

describe('local Notify server', () => {
  let notify: LocalNotifyServer;
  const scriptedServers: ScriptedServer[] = [];

  beforeEach(async () => {
    notify = await startLocalNotifyServer({ services: services(), clock: () => NOW });
  });

  afterEach(async () => {
    await notify.close();
    await Promise.all(scriptedServers.splice(0).map((server) => server.close()));
  });

  async function call(method: string, path: string, body?: unknown, authorization?: string | null) {
    const auth = authorization === undefined ? `Bearer ${await token()}` : authorization;
    const response = await fetch(`${notify.baseUrl}${path}`, {
      method,
      headers: { ...(auth === null ? {} : { authorization: auth }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  const sms = (overrides: Record<string, unknown> = {}) => ({
    template_id: SMS_TEMPLATE,
    phone_number: MOBILE,
    personalisation: PERSONALISATION,
    reference: 'notification-1',
    ...overrides,
  });
  const email = (overrides: Record<string, unknown> = {}) => ({
    template_id: EMAIL_TEMPLATE,
    email_address: EMAIL,
    personalisation: PERSONALISATION,
    reference: 'notification-2',
    ...overrides,
  });

  async function callbackReceiver(statuses: number[] = [204]) {
    const receiver = await scriptedServer((_request, index) => ({ status: statuses[Math.min(index, statuses.length - 1)] }));
    scriptedServers.push(receiver);
    return receiver;
  }

  describe('its clocks', () => {
    const PLATFORM_NOW = new Date('2031-10-26T01:30:00Z');

    it('records the times it gives notifications from the clock it is given, whatever today is', async () => {
      const onPlatformTime = await startLocalNotifyServer({ services: services(), clock: () => PLATFORM_NOW });
      try {
        const response = await fetch(`${onPlatformTime.baseUrl}/v2/notifications/sms`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await token(SERVICE_ID, SECRET, PLATFORM_NOW.getTime() / 1000)}`, 'content-type': 'application/json' },
          body: JSON.stringify(sms()),
        });
        expect(response.status).toBe(201);
        const [accepted] = onPlatformTime.accepted;
        expect(accepted.createdAt).toBe('2031-10-26T01:30:00.000000Z');
        const receiver = await callbackReceiver();
        onPlatformTime.setCallback(SERVICE_ID, receiver.url, CALLBACK_TOKEN);
        await onPlatformTime.deliver(accepted.id);
        expect(onPlatformTime.accepted[0]).toMatchObject({ sentAt: '2031-10-26T01:30:00.000000Z', completedAt: '2031-10-26T01:30:00.000000Z' });
        expect(JSON.parse(receiver.requests[0].body)).toMatchObject({ created_at: '2031-10-26T01:30:00.000000Z', completed_at: '2031-10-26T01:30:00.000000Z' });
      } finally {
        await onPlatformTime.close();
      }
    });

    it('checks the 30-second rule against its clock, whatever today is', async () => {
      const signedAt = PLATFORM_NOW.getTime() / 1000;
      const server = await startLocalNotifyServer({ services: services(), clock: () => PLATFORM_NOW });
      try {
        const send = async (iat: number) =>
          (await fetch(`${server.baseUrl}/v2/notifications/sms`, { method: 'POST', headers: { authorization: `Bearer ${await token(SERVICE_ID, SECRET, iat)}`, 'content-type': 'application/json' }, body: JSON.stringify(sms()) })).status;
        expect(await send(signedAt - 20)).toBe(201);
        expect(await send(signedAt - 40)).toBe(403);
        expect(await send(signedAt + 40)).toBe(403);
      } finally {
        await server.close();
      }
    });
  });

  describe('authentication, as Notify checks it', () => {
    const noneToken = () => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: SERVICE_ID, iat: NOW_SECONDS })}.`;
    };

    it.each([
      ['no Authorization header', async () => null, 401, 'Unauthorized: authentication token must be provided'],
      ['a Basic header', async () => `Basic ${Buffer.from('a:b').toString('base64')}`, 401, 'Unauthorized: authentication bearer scheme must be used'],
      ['a token that is not a JWT', async () => 'Bearer not-a-jwt', 403, 'Invalid token: signature, api token is not valid'],
      ['an unknown service', async () => `Bearer ${await token('99999999-9999-4999-8999-999999999999', SECRET)}`, 403, 'Invalid token: service not found'],
      ['another service’s secret', async () => `Bearer ${await token(SERVICE_ID, OTHER_SECRET)}`, 403, 'Invalid token: API key not found'],
      ['alg none', async () => `Bearer ${noneToken()}`, 403, 'Invalid token: algorithm used is not HS256'],
      ['iat 40 s old', async () => `Bearer ${await token(SERVICE_ID, SECRET, NOW_SECONDS - 40)}`, 403, 'Error: Your system clock must be accurate to within 30 seconds'],
      ['iat 40 s ahead', async () => `Bearer ${await token(SERVICE_ID, SECRET, NOW_SECONDS + 40)}`, 403, 'Error: Your system clock must be accurate to within 30 seconds'],
    ])('refuses %s with Notify’s AuthError JSON', async (_, authorization, status, message) => {
      const answer = await call('POST', '/v2/notifications/sms', sms(), await authorization());

      expect(answer).toEqual({ status, body: { status_code: status, errors: [{ error: 'AuthError', message }] } });
      expect(notify.accepted).toHaveLength(0);
    });

    it('accepts a token 20 s old (inside the 30 s window)', async () => {
      const answer = await call('POST', '/v2/notifications/sms', sms(), `Bearer ${await token(SERVICE_ID, SECRET, NOW_SECONDS - 20)}`);

      expect(answer.status).toBe(201);
    });

    it('keeps no key or token in what it accepted', async () => {
      await call('POST', '/v2/notifications/sms', sms());

      expect(notify.accepted).toHaveLength(1);
      expect(JSON.stringify(notify.accepted)).not.toContain(SECRET);
      expect(JSON.stringify(notify.accepted)).not.toContain('eyJ');
    });
  });

  describe('sending', () => {
    it('accepts an SMS and answers with Notify’s response shape', async () => {
      const answer = await call('POST', '/v2/notifications/sms', sms({ sms_sender_id: SMS_SENDER }));

      expect(answer.status).toBe(201);
      const id = notify.accepted[0].id;
      expect(answer.body).toEqual({
        id: expect.stringMatching(UUID),
        reference: 'notification-1',
        content: { body: 'Your visit to Alexandra on Ward 7B Cedar is at 14:30 on 3 June.', from_number: 'GOVUK' },
        uri: `${notify.baseUrl}/v2/notifications/${id}`,
        template: { id: SMS_TEMPLATE, version: 1, uri: `${notify.baseUrl}/services/${SERVICE_ID}/templates/${SMS_TEMPLATE}` },
        scheduled_for: null,
      });
      expect(answer.body.id).toBe(id);
      expect(notify.accepted[0]).toMatchObject({
        serviceId: SERVICE_ID,
        type: 'sms',
        templateId: SMS_TEMPLATE,
        to: MOBILE,
        personalisation: PERSONALISATION,
        reference: 'notification-1',
        smsSenderId: SMS_SENDER,
        emailReplyToId: null,
        status: 'created',
        createdAt: expect.stringMatching(NOTIFY_TIME),
      });
    });

    it('accepts an email with a subject and reply-to', async () => {
      const answer = await call('POST', '/v2/notifications/email', email({ email_reply_to_id: REPLY_TO }));

      expect(answer.status).toBe(201);
      expect(answer.body.content).toEqual({
        body: 'See Alexandra on Ward 7B Cedar at 14:30 on 3 June.',
        subject: 'Visit to Alexandra',
        from_email: expect.any(String),
        one_click_unsubscribe_url: null,
      });
      expect(notify.accepted[0]).toMatchObject({ type: 'email', to: EMAIL, emailReplyToId: REPLY_TO, smsSenderId: null });
    });

    it.each(['07700 900 123', '+44 7700 900123', '447700900123'])('accepts the UK mobile written %s', async (phone) => {
      expect((await call('POST', '/v2/notifications/sms', sms({ phone_number: phone }))).status).toBe(201);
    });

    it('accepts one reference twice, as Notify does (it is not an idempotency key)', async () => {
      await call('POST', '/v2/notifications/sms', sms());
      await call('POST', '/v2/notifications/sms', sms());

      expect(notify.accepted.map((n) => n.reference)).toEqual(['notification-1', 'notification-1']);
      expect(new Set(notify.accepted.map((n) => n.id)).size).toBe(2);
    });

    it.each([
      ['an unknown template', sms({ template_id: UNKNOWN_TEMPLATE }), 'BadRequestError', 'Template not found'],
      ['an email template for an SMS', sms({ template_id: EMAIL_TEMPLATE }), 'BadRequestError', 'email template is not suitable for sms notification'],
      ['missing personalisation', sms({ personalisation: { ward: 'Ward 7B Cedar' } }), 'BadRequestError', 'Missing personalisation: patient, time'],
      ['no personalisation at all', sms({ personalisation: undefined }), 'BadRequestError', 'Missing personalisation: patient, ward, time'],
      ['a landline', sms({ phone_number: '02079460000' }), 'ValidationError', 'phone_number Not a UK mobile number'],
      ['an international mobile', sms({ phone_number: '+12025550123' }), 'ValidationError', 'phone_number Not a UK mobile number'],
      ['letters in the number', sms({ phone_number: '07700 9OO123' }), 'ValidationError', 'phone_number Must not contain letters or symbols'],
      ['a short number', sms({ phone_number: '0770090012' }), 'ValidationError', 'phone_number Not enough digits'],
      ['a template id that is not a UUID', sms({ template_id: 'booking' }), 'ValidationError', 'template_id is not a valid UUID'],
      ['an unexpected field', sms({ email_address: EMAIL }), 'ValidationError', 'Additional properties are not allowed ("email_address" was unexpected)'],
      ['a reference that is not text', sms({ reference: 42 }), 'ValidationError', 'reference is not of type string, null'],
      ['an unknown SMS sender', sms({ sms_sender_id: REPLY_TO }), 'BadRequestError', `sms_sender_id ${REPLY_TO} does not exist in database for service id ${SERVICE_ID}`],
      ['a body that is not JSON', 'phone_number=07700900123', 'BadRequestError', 'Invalid JSON supplied in POST data'],
    ])('refuses %s with 400', async (_, body, error, message) => {
      const answer = await call('POST', '/v2/notifications/sms', body);

      expect(answer).toEqual({ status: 400, body: { status_code: 400, errors: [{ error, message }] } });
      expect(notify.accepted).toHaveLength(0);
    });

    it('refuses a bad email address, and lists every problem of the request’s shape at once', async () => {
      const bad = await call('POST', '/v2/notifications/email', email({ email_address: 'sam@example' }));
      const several = await call('POST', '/v2/notifications/sms', { personalisation: PERSONALISATION });

      expect(bad.body).toEqual({ status_code: 400, errors: [{ error: 'ValidationError', message: 'email_address Not a valid email address' }] });
      expect(several.body.errors).toEqual([
        { error: 'ValidationError', message: 'template_id is a required property' },
        { error: 'ValidationError', message: 'phone_number is a required property' },
      ]);
    });

    it('never echoes the recipient or personalisation in its errors', async () => {
      const answers = [
        await call('POST', '/v2/notifications/sms', sms({ phone_number: '07700 9OO123' })),
        await call('POST', '/v2/notifications/email', email({ email_address: 'sam.visitor@example' })),
        await call('POST', '/v2/notifications/sms', sms({ template_id: UNKNOWN_TEMPLATE })),
      ];

      for (const answer of answers) {
        const text = JSON.stringify(answer.body);
        for (const secret of ['9OO123', 'sam.visitor', ...Object.values(PERSONALISATION)]) expect(text).not.toContain(secret);
      }
    });

    it('answers 404, 405 and no letters for what it does not serve', async () => {
      expect((await call('GET', '/v2/notifications/sms')).status).toBe(405);
      expect((await call('GET', '/v2/templates')).status).toBe(404);
      expect(await call('POST', '/v2/notifications/letter', {})).toEqual({
        status: 400,
        body: { status_code: 400, errors: [{ error: 'BadRequestError', message: 'Service is not allowed to send letters' }] },
      });
    });
  });

  describe('looking notifications up', () => {
    it('finds one by id, only for the service that sent it', async () => {
      const sent = await call('POST', '/v2/notifications/sms', sms());

      const own = await call('GET', `/v2/notifications/${sent.body.id}`);
      const other = await call('GET', `/v2/notifications/${sent.body.id}`, undefined, `Bearer ${await token(OTHER_SERVICE_ID, OTHER_SECRET)}`);
      const notAnId = await call('GET', '/v2/notifications/not-a-uuid');

      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ id: sent.body.id, reference: 'notification-1', phone_number: MOBILE, email_address: null, type: 'sms', status: 'created' });
      expect(other).toEqual({ status: 404, body: { status_code: 404, errors: [{ error: 'NoResultFound', message: 'No result found' }] } });
      expect(notAnId).toEqual({ status: 400, body: { status_code: 400, errors: [{ error: 'ValidationError', message: 'notification_id is not a valid UUID' }] } });
    });

    it('lists by reference and type, newest first, only the calling service’s', async () => {
      const first = await call('POST', '/v2/notifications/sms', sms({ reference: 'wanted' }));
      await call('POST', '/v2/notifications/sms', sms({ reference: 'other' }));
      await call('POST', '/v2/notifications/email', email({ reference: 'wanted' }));
      const second = await call('POST', '/v2/notifications/sms', sms({ reference: 'wanted' }));
      await call('POST', '/v2/notifications/sms', sms({ reference: 'wanted' }), `Bearer ${await token(OTHER_SERVICE_ID, OTHER_SECRET)}`);

      const list = await call('GET', '/v2/notifications?template_type=sms&reference=wanted');

      expect(list.status).toBe(200);
      expect(list.body.notifications.map((n: { id: string }) => n.id)).toEqual([second.body.id, first.body.id]);
      expect(list.body.links).toEqual({ current: `${notify.baseUrl}/v2/notifications?template_type=sms&reference=wanted` });
      expect((await call('GET', '/v2/notifications?reference=nothing')).body.notifications).toEqual([]);
    });

    it('filters by status and older_than, and refuses unknown filters', async () => {
      const first = await call('POST', '/v2/notifications/sms', sms());
      const second = await call('POST', '/v2/notifications/sms', sms());
      notify.setCallback(SERVICE_ID, (await callbackReceiver()).url, CALLBACK_TOKEN);
      await notify.deliver(first.body.id, 'permanent-failure');

      const failed = await call('GET', '/v2/notifications?status=failed');
      const older = await call('GET', `/v2/notifications?older_than=${second.body.id}`);
      const bad = await call('GET', '/v2/notifications?template_type=fax&colour=red');

      expect(failed.body.notifications.map((n: { id: string }) => n.id)).toEqual([first.body.id]);
      expect(older.body.notifications.map((n: { id: string }) => n.id)).toEqual([first.body.id]);
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { message: string }) => e.message)).toEqual([
        'Additional properties are not allowed ("colour" was unexpected)',
        'template_type "fax" is not one of [sms, email, letter]',
      ]);
    });
  });

  describe('faults on demand', () => {
    it('answers the injected error in Notify’s shape and counts down', async () => {
      notify.inject({ status: 429, error: 'RateLimitError', times: 2 });

      const answers = [];
      for (let i = 0; i < 3; i += 1) answers.push(await call('POST', '/v2/notifications/sms', sms()));

      expect(answers.map((a) => a.status)).toEqual([429, 429, 201]);
      expect(answers[0].body).toEqual({
        status_code: 429,
        errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds' }],
      });
      expect(notify.accepted).toHaveLength(1);
      expect(notify.responses).toEqual({ 429: 2, 201: 1 });
    });

    it.each([
      [{ status: 429 as const, error: 'TooManyRequestsError' as const }, 'TooManyRequestsError', 'Exceeded send limits (250000) for today'],
      [{ status: 500 as const }, 'Exception', 'Internal server error'],
      [{ status: 503 as const }, 'Exception', 'Service temporarily unavailable'],
      [{ status: 400 as const }, 'BadRequestError', expect.stringContaining('trial mode')],
      [{ status: 403 as const, error: 'AuthError' as const }, 'AuthError', 'Invalid token: API key not found'],
    ])('injects %o', async (fault, error, message) => {
      notify.inject(fault);

      const answer = await call('POST', '/v2/notifications/sms', sms());

      expect(answer).toEqual({ status: fault.status, body: { status_code: fault.status, errors: [{ error, message }] } });
      expect((await call('POST', '/v2/notifications/sms', sms())).status).toBe(201);
    });

    it('fails a share of requests with a probability, until cleared', async () => {
      const draws = [0.1, 0.9, 0.2, 0.8];
      await notify.close();
      notify = await startLocalNotifyServer({ services: services(), clock: () => NOW, random: () => draws.shift() ?? 0.99 });
      notify.inject({ status: 500, probability: 0.5 });

      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await call('POST', '/v2/notifications/sms', sms())).status);
      notify.clearFaults();
      statuses.push((await call('POST', '/v2/notifications/sms', sms())).status);

      expect(statuses).toEqual([500, 201, 500, 201, 201]);
    });

    it('afterAccepting: Notify has the message but the caller only hears the error', async () => {
      notify.inject({ status: 500, afterAccepting: true });

      const answer = await call('POST', '/v2/notifications/sms', sms({ reference: 'lost-answer' }));
      const list = await call('GET', '/v2/notifications?reference=lost-answer');

      expect(answer.status).toBe(500);
      expect(notify.accepted).toHaveLength(1);
      expect(list.body.notifications.map((n: { id: string }) => n.id)).toEqual([notify.accepted[0].id]);
    });

    it('checks the key before any fault, and leaves reads alone', async () => {
      notify.inject({ status: 500, times: 1 });

      const wrongKey = await call('POST', '/v2/notifications/sms', sms(), `Bearer ${await token(SERVICE_ID, OTHER_SECRET)}`);
      const read = await call('GET', '/v2/notifications');
      const send = await call('POST', '/v2/notifications/sms', sms());

      expect([wrongKey.status, read.status, send.status]).toEqual([403, 200, 500]);
    });

    it('refuses faults it cannot give', () => {
      expect(() => notify.inject({ status: 418 as 400 })).toThrow(/status/);
      expect(() => notify.inject({ status: 500, probability: 0 })).toThrow(/probability/);
      expect(() => notify.inject({ status: 500, times: 0 })).toThrow(/times/);
    });
  });

  describe('delivery receipts', () => {
    it('POSTs Notify’s receipt with the callback’s bearer token', async () => {
      const receiver = await callbackReceiver([204]);
      notify.setCallback(SERVICE_ID, `${receiver.url}/notify/receipts`, CALLBACK_TOKEN);
      const sent = await call('POST', '/v2/notifications/sms', sms());

      const answered = await notify.deliver(sent.body.id);

      expect(answered).toBe(204);
      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/notify/receipts');
      expect(request.headers.authorization).toBe(`Bearer ${CALLBACK_TOKEN}`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual({
        id: sent.body.id,
        reference: 'notification-1',
        to: MOBILE,
        status: 'delivered',
        created_at: expect.stringMatching(NOTIFY_TIME),
        completed_at: expect.stringMatching(NOTIFY_TIME),
        sent_at: expect.stringMatching(NOTIFY_TIME),
        notification_type: 'sms',
        template_id: SMS_TEMPLATE,
        template_version: 1,
      });
      expect(notify.accepted[0].status).toBe('delivered');
      expect(notify.receipts).toEqual([{ providerId: sent.body.id, status: 'delivered', answeredWith: 204 }]);
    });

    it.each([
      ['07700900002', 'permanent-failure'],
      ['+447700900002', 'permanent-failure'],
      ['07700900003', 'temporary-failure'],
      ['07700900004', 'delivered'],
    ])('the test number %s gets %s', async (phone, status) => {
      const receiver = await callbackReceiver([200]);
      notify.setCallback(SERVICE_ID, receiver.url, CALLBACK_TOKEN);
      const sent = await call('POST', '/v2/notifications/sms', sms({ phone_number: phone }));

      await notify.deliver(sent.body.id);

      expect(JSON.parse(receiver.requests[0].body).status).toBe(status);
      expect((await call('GET', `/v2/notifications/${sent.body.id}`)).body.status).toBe(status);
    });

    it('sends each service’s receipts to its own callback, and reports what the callback answered', async () => {
      const ours = await callbackReceiver([500]);
      const theirs = await callbackReceiver([200]);
      notify.setCallback(SERVICE_ID, ours.url, CALLBACK_TOKEN);
      notify.setCallback(OTHER_SERVICE_ID, theirs.url, 'their-callback-token');
      const sent = await call('POST', '/v2/notifications/email', email());

      expect(await notify.deliver(sent.body.id, 'technical-failure')).toBe(500);
      expect(theirs.requests).toHaveLength(0);
      expect(JSON.parse(ours.requests[0].body)).toMatchObject({ status: 'technical-failure', notification_type: 'email', to: EMAIL });
    });

    it('refuses to deliver what it never accepted, an unknown status, or without a callback', async () => {
      const sent = await call('POST', '/v2/notifications/sms', sms());

      await expect(notify.deliver(sent.body.id)).rejects.toThrow(/no callback/);
      notify.setCallback(SERVICE_ID, (await callbackReceiver()).url, CALLBACK_TOKEN);
      await expect(notify.deliver('7c1a2b3c-0000-4000-8000-000000000000')).rejects.toThrow(/accepted no notification/);
      await expect(notify.deliver(sent.body.id, 'read')).rejects.toThrow(/status must be one of/);
      expect(() => notify.setCallback(SERVICE_ID, 'ftp://example.org', CALLBACK_TOKEN)).toThrow(/http/);
    });

    it('autoDeliver: receipts by the test-number rules, retried while the callback fails', async () => {
      await notify.close();
      notify = await startLocalNotifyServer({ services: services(), clock: () => NOW, autoDeliver: true, receiptRetryDelayMs: 10 });
      const receiver = await callbackReceiver([503, 500, 204]);
      notify.setCallback(SERVICE_ID, receiver.url, CALLBACK_TOKEN);

      const sent = await call('POST', '/v2/notifications/sms', sms({ phone_number: '07700900003' }));
      await eventually(() => notify.receipts.length === 3);

      expect(notify.receipts.map((r) => r.answeredWith)).toEqual([503, 500, 204]);
      expect(receiver.requests.map((r) => JSON.parse(r.body))).toEqual(
        Array(3).fill(expect.objectContaining({ id: sent.body.id, status: 'temporary-failure' })),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(receiver.requests).toHaveLength(3);
    });
  });

  it('refuses to start with NODE_ENV=production', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startLocalNotifyServer({ services: services(), clock: () => NOW })).rejects.toThrow(/never with NODE_ENV=production/);
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it('refuses services it could not serve', async () => {
    await expect(startLocalNotifyServer({ services: [], clock: () => NOW })).rejects.toThrow(/at least one service/);
    await expect(startLocalNotifyServer({ services: [{ ...services()[0], secret: 'short' }], clock: () => NOW })).rejects.toThrow(/secret must be a UUID/);
    await expect(startLocalNotifyServer({ services: [{ ...services()[0], templates: [{ id: 'x', type: 'sms', personalisation: [] }] }], clock: () => NOW })).rejects.toThrow(/template id/);
  });
});
