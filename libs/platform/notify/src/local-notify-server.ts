import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';
import { closeServer, listen } from '@vv/platform/testing';
import { isUuid } from './notify-api-key';
import { checkEmailAddress, checkUkMobile, RECEIPT_STATUSES, receiptStatusFor, type ReceiptStatus } from './notify-recipient';

export interface LocalNotifyTemplate {
  id: string;
  type: 'sms' | 'email';
  /** The placeholders the template needs: a request without one of them is refused, as Notify does. */
  personalisation: string[];
  /** Template text with ((placeholders)); default: the placeholders one a line. */
  body?: string;
  /** Email subject with ((placeholders)). */
  subject?: string;
}

export interface LocalNotifyService {
  serviceId: string;
  /** The API key's secret (the last 36 characters of the key): the HS256 key for this service's tokens. */
  secret: string;
  templates: LocalNotifyTemplate[];
  /** When given, an sms_sender_id / email_reply_to_id not in the list is refused, as Notify does. */
  smsSenderIds?: string[];
  emailReplyToIds?: string[];
}

export interface LocalNotifyServerOptions {
  services: LocalNotifyService[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Send receipts automatically a few ms after accepting, using Notify's test-recipient rules. */
  autoDeliver?: boolean;
  /** Default 5 ms. */
  autoDeliverDelayMs?: number;
  /** Pause between receipt retries (Notify: 5 retries, 5 minutes apart). Default 100 ms. */
  receiptRetryDelayMs?: number;
  /** For probabilistic faults; default Math.random. */
  random?: () => number;
  /**
   * The time the server records on notifications (created, sent, completed), checks each token's
   * `iat` against (the 30-second rule) and slow requests wait by: the platform's clock, which
   * the sender dates its tokens by too, so receipts agree with the visits they are about.
   * Required, so a test never runs on today's date without saying so.
   */
  clock: () => Date;
}

/** A notification the local server accepted. Holds what was asked for; never a key or a token. */
export interface LocalNotifyNotification {
  readonly id: string;
  readonly serviceId: string;
  readonly type: 'sms' | 'email';
  readonly templateId: string;
  readonly templateVersion: number;
  /** The recipient exactly as sent. */
  readonly to: string;
  readonly personalisation: Readonly<Record<string, unknown>>;
  readonly reference: string | null;
  readonly smsSenderId: string | null;
  readonly emailReplyToId: string | null;
  readonly body: string;
  readonly subject: string | null;
  /** created, then delivered / permanent-failure / temporary-failure / technical-failure once a receipt is made. */
  readonly status: string;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly completedAt: string | null;
}

/** A delivery receipt the server tried to POST. */
export interface LocalNotifyReceipt {
  readonly providerId: string;
  readonly status: ReceiptStatus;
  /** The HTTP status the callback answered, or null when it could not be reached. */
  readonly answeredWith: number | null;
}

export type LocalNotifyErrorName = 'RateLimitError' | 'TooManyRequestsError' | 'BadRequestError' | 'AuthError';

export interface LocalNotifyFault {
  status: 429 | 500 | 503 | 400 | 403;
  /** Notify's error type; default by status: RateLimitError, BadRequestError, AuthError, Exception. */
  error?: LocalNotifyErrorName;
  /** How many requests fail; default 1, or unlimited (until clearFaults) with a probability. */
  times?: number;
  /** Each send request fails with this probability (0 < p ≤ 1). */
  probability?: number;
  /** Accept the notification first, then answer the error: Notify has it, the caller never heard. */
  afterAccepting?: boolean;
  /**
   * An outage or a long run of 429s: every request (sends and look-ups alike) fails for this
   * long on the server's clock from now, however many there are. Not with `times` or `probability`.
   */
  forMs?: number;
}

/** A slow Notify: the next send requests are held, then taken and answered once the server's clock has moved on. */
export interface LocalNotifySlowness {
  /** How long on the server's clock each request takes before Notify commits and answers it. */
  ms: number;
  /** How many send requests are slow; default 1. */
  times?: number;
}

export interface LocalNotifyServer {
  /** http://127.0.0.1:PORT */
  readonly baseUrl: string;
  /** Notifications accepted, in order: a message accepted twice for one reference shows up twice. */
  readonly accepted: readonly LocalNotifyNotification[];
  /** Counts of requests answered, by status code (e.g. {201: n, 429: m, 500: k}). */
  readonly responses: Readonly<Record<number, number>>;
  readonly receipts: readonly LocalNotifyReceipt[];
  /** Makes the next send requests (POST /v2/notifications/sms|email, after authentication) fail with Notify's error JSON. */
  inject(fault: LocalNotifyFault): void;
  /**
   * The next `times` accepted notifications get their delivery receipt posted, and answered by
   * the callback, before the send request itself is answered: Notify's answer reaching the caller
   * after its receipt, as on a slow network. Needs a callback set for the service. Cleared by clearFaults.
   */
  receiptsBeforeAnswers(times: number): void;
  /**
   * Makes the next send requests slow: each is held until the server's clock has passed its
   * arrival by `ms`, then taken (whether or not the caller is still waiting) and answered, as
   * Notify finishes a request whose client gave up. Cleared by clearFaults (held requests go on).
   */
  slow(slowness: LocalNotifySlowness): void;
  /** Send requests being held by `slow` now, and held so far. */
  readonly held: number;
  readonly slowed: number;
  /**
   * Called once a send request's notification is taken, before the request is answered, and
   * awaited: e.g. to kill the sender just after Notify accepted and before it heard. `receivedAt`
   * is when the request arrived (the server's clock), so a hook can tell the sender that made it
   * from one that took the message up after it gave up waiting. Null: none.
   */
  afterAccepting: ((notification: LocalNotifyNotification, request: { receivedAt: Date }) => Promise<void> | void) | null;
  /** Send requests received (POST /v2/notifications/sms|email), by reference: what each message cost Notify. */
  readonly sendRequests: readonly { reference: string | null; at: Date }[];
  /** Look-ups received (GET /v2/notifications/{id}, or the list by `reference`), whatever they were answered: what was asked about, and when. */
  readonly lookUps: readonly { id: string | null; reference: string | null; at: Date }[];
  clearFaults(): void;
  /** Where to POST delivery receipts for a service (Notify's callback format, `Authorization: Bearer <token>`). */
  setCallback(serviceId: string, url: string, bearerToken: string): void;
  /** Sends the receipt for an accepted notification now (default status by Notify's test-recipient rules); resolves to the HTTP status the callback answered. */
  deliver(providerId: string, status?: string): Promise<number>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;
const CLOCK_SKEW_SECONDS = 30;
const PAGE_SIZE = 250;
const RECEIPT_TIMEOUT_MS = 5_000;
const RECEIPT_RETRIES = 5;
const FAULT_STATUSES = new Set([400, 403, 429, 500, 503]);
const FAULT_ERRORS = new Set(['RateLimitError', 'TooManyRequestsError', 'BadRequestError', 'AuthError']);
const NOTIFICATION_STATUSES = [
  'cancelled', 'created', 'sending', 'sent', 'delivered', 'pending', 'failed', 'technical-failure', 'temporary-failure',
  'permanent-failure', 'pending-virus-check', 'validation-failed', 'virus-scan-failed', 'returned-letter', 'accepted', 'received',
];
const FAILED = ['technical-failure', 'temporary-failure', 'permanent-failure'];
const SEND_FIELDS = {
  sms: new Set(['template_id', 'phone_number', 'personalisation', 'reference', 'sms_sender_id']),
  email: new Set(['template_id', 'email_address', 'personalisation', 'reference', 'email_reply_to_id', 'one_click_unsubscribe_url']),
};
const LIST_PARAMS = new Set(['template_type', 'status', 'reference', 'older_than', 'include_jobs']);
const FAULT_MESSAGES: Record<string, string> = {
  RateLimitError: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds',
  TooManyRequestsError: 'Exceeded send limits (250000) for today',
  BadRequestError: 'Can’t send to this recipient when service is in trial mode – see https://www.notifications.service.gov.uk/trial-mode',
  AuthError: 'Invalid token: API key not found',
};

type NotifyErrorItem = { error: string; message: string };

/** An answer in Notify's error shape: `{status_code, errors: [{error, message}]}`. */
class NotifyApiError extends Error {
  readonly errors: NotifyErrorItem[];
  constructor(
    readonly status: number,
    errors: NotifyErrorItem | NotifyErrorItem[],
  ) {
    super('Notify API error');
    this.errors = Array.isArray(errors) ? errors : [errors];
  }
}

const badRequest = (message: string) => new NotifyApiError(400, { error: 'BadRequestError', message });
const validation = (messages: string[]) => new NotifyApiError(400, messages.map((message) => ({ error: 'ValidationError', message })));
const authError = (status: 401 | 403, message: string) => new NotifyApiError(status, { error: 'AuthError', message });

interface Service {
  serviceId: string;
  key: Uint8Array;
  templates: Map<string, LocalNotifyTemplate>;
  smsSenderIds?: Set<string>;
  emailReplyToIds?: Set<string>;
}

type StoredNotification = { -readonly [K in keyof LocalNotifyNotification]: LocalNotifyNotification[K] };
type ActiveFault = { status: number; error: string; message: string; remaining: number; probability?: number; afterAccepting: boolean };

/**
 * Starts a stand-in for the GOV.UK Notify API (https://api.notifications.service.gov.uk) for
 * development and tests. It checks what it is sent as Notify does: the Bearer JWT (HS256 with the
 * service's secret, `iss` the service id, `iat` within 30 s), the request fields, the template
 * (exists, right type, every placeholder given), the recipient (a UK mobile, a valid email);
 * it answers with Notify's shapes, lists and finds notifications (by reference too) for the
 * calling service only, fails on demand (inject) and POSTs delivery receipts to a callback.
 * Refuses to start when NODE_ENV is production.
 */
export async function startLocalNotifyServer(options: LocalNotifyServerOptions): Promise<LocalNotifyServer> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The local Notify server is for development and tests only, never with NODE_ENV=production.');
  }
  const services = serviceMap(options?.services);
  const random = options.random ?? Math.random;
  const autoDeliverDelayMs = options.autoDeliverDelayMs ?? 5;
  const receiptRetryDelayMs = options.receiptRetryDelayMs ?? 100;
  const clock = options.clock;

  const accepted: StoredNotification[] = [];
  const byId = new Map<string, StoredNotification>();
  const responses: Record<number, number> = {};
  const receipts: LocalNotifyReceipt[] = [];
  const callbacks = new Map<string, { url: string; bearerToken: string }>();
  let faults: ActiveFault[] = [];
  let outages: { status: number; error: string; message: string; until: number }[] = [];
  let slowness: { ms: number; remaining: number } | null = null;
  let held = 0;
  let slowed = 0;
  let afterAccepting: LocalNotifyServer['afterAccepting'] = null;
  const sendRequests: { reference: string | null; at: Date }[] = [];
  const lookUps: { id: string | null; reference: string | null; at: Date }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<AbortController>();
  let closed = false;
  let baseUrl = '';
  let receiptsFirst = 0;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    responses[status] = (responses[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const method = req.method ?? 'GET';
      const route = routeOf(url.pathname);
      if (!route) throw new NotifyApiError(404, { error: 'NotFound', message: 'The requested URL was not found on the server.' });
      if (method !== route.method) throw new NotifyApiError(405, { error: 'MethodNotAllowed', message: 'The method is not allowed for the requested URL.' });
      const service = await authenticate(req.headers.authorization, services, clock);
      const raw = await readBody(req);
      const receivedAt = clock();
      const outage = outages.find((o) => receivedAt.getTime() < o.until);
      if (route.kind === 'send') sendRequests.push({ reference: referenceOf(raw), at: receivedAt });
      if (route.kind === 'get') lookUps.push({ id: route.id.toLowerCase(), reference: null, at: receivedAt });
      if (route.kind === 'list' && url.searchParams.has('reference')) lookUps.push({ id: null, reference: url.searchParams.get('reference'), at: receivedAt });
      if (outage) throw faultError({ ...outage, remaining: 0, afterAccepting: false });

      if (route.kind === 'send') {
        if (slowness && slowness.remaining > 0) {
          slowness.remaining -= 1;
          await heldUntil(clock().getTime() + slowness.ms);
        }
        const fault = nextFault();
        if (fault && !fault.afterAccepting) throw faultError(fault);
        const notification = acceptNotification(service, route.type, parseJson(raw));
        if (afterAccepting) await Promise.resolve(afterAccepting(notification, { receivedAt })).catch(() => undefined);
        if (fault) throw faultError(fault);
        if (receiptsFirst > 0) {
          receiptsFirst -= 1;
          await autoDeliver(notification);
        }
        answer(res, 201, sendResponse(notification));
        return;
      }
      if (route.kind === 'letter') throw badRequest('Service is not allowed to send letters');
      if (route.kind === 'list') {
        answer(res, 200, listNotifications(service, url));
        return;
      }
      if (!isUuid(route.id)) throw validation(['notification_id is not a valid UUID']);
      const found = byId.get(route.id.toLowerCase());
      if (!found || found.serviceId !== service.serviceId) throw new NotifyApiError(404, { error: 'NoResultFound', message: 'No result found' });
      answer(res, 200, notificationJson(found));
    } catch (error) {
      if (error instanceof NotifyApiError) {
        answer(res, error.status, { status_code: error.status, errors: error.errors });
      } else {
        answer(res, 500, { status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] });
      }
    }
  };

  /** Holds a request until the server's clock reaches `at` (polled: the clock may be a test's). */
  async function heldUntil(at: number): Promise<void> {
    held += 1;
    slowed += 1;
    try {
      while (!closed && clock().getTime() < at) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      held -= 1;
    }
  }

  function nextFault(): ActiveFault | undefined {
    for (const fault of faults) {
      if (fault.remaining <= 0) continue;
      if (fault.probability !== undefined && random() >= fault.probability) continue;
      fault.remaining -= 1;
      faults = faults.filter((f) => f.remaining > 0);
      return fault;
    }
    return undefined;
  }

  function acceptNotification(service: Service, type: 'sms' | 'email', body: unknown): StoredNotification {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Invalid JSON supplied in POST data');
    const input = body as Record<string, unknown>;
    const recipientField = type === 'sms' ? 'phone_number' : 'email_address';
    const senderField = type === 'sms' ? 'sms_sender_id' : 'email_reply_to_id';

    // 1. the request's shape (Notify: jsonschema, every problem at once, as ValidationError)
    const problems: string[] = [];
    for (const key of Object.keys(input)) {
      if (!SEND_FIELDS[type].has(key)) problems.push(`Additional properties are not allowed (${printable(key)} was unexpected)`);
    }
    if (input.template_id === undefined) problems.push('template_id is a required property');
    else if (!isUuid(input.template_id)) problems.push('template_id is not a valid UUID');
    const recipient = input[recipientField];
    if (recipient === undefined) problems.push(`${recipientField} is a required property`);
    else if (typeof recipient !== 'string') problems.push(`${recipientField} is not of type string`);
    else {
      const check = type === 'sms' ? checkUkMobile(recipient) : checkEmailAddress(recipient);
      if (!check.ok) problems.push(`${recipientField} ${check.message}`);
    }
    const { personalisation = {}, reference = null } = input;
    if (typeof personalisation !== 'object' || personalisation === null || Array.isArray(personalisation)) {
      problems.push('personalisation is not of type object');
    }
    if (reference !== null && typeof reference !== 'string') problems.push('reference is not of type string, null');
    const sender = input[senderField];
    if (sender !== undefined && sender !== null && !isUuid(sender)) problems.push(`${senderField} is not a valid UUID`);
    if (problems.length) throw validation(problems);

    // 2. the template and the sender, against the service (Notify: BadRequestError)
    const template = service.templates.get((input.template_id as string).toLowerCase());
    if (!template) throw badRequest('Template not found');
    if (template.type !== type) throw badRequest(`${template.type} template is not suitable for ${type} notification`);
    const values = personalisation as Record<string, unknown>;
    const missing = template.personalisation.filter((name) => values[name] === undefined || values[name] === null);
    if (missing.length) throw badRequest(`Missing personalisation: ${missing.join(', ')}`);
    const allowedSenders = type === 'sms' ? service.smsSenderIds : service.emailReplyToIds;
    if (typeof sender === 'string' && allowedSenders && !allowedSenders.has(sender.toLowerCase())) {
      throw badRequest(`${senderField} ${sender} does not exist in database for service id ${service.serviceId}`);
    }

    const notification: StoredNotification = {
      id: randomUUID(),
      serviceId: service.serviceId,
      type,
      templateId: template.id,
      templateVersion: 1,
      to: recipient as string,
      personalisation: { ...values },
      reference: reference as string | null,
      smsSenderId: type === 'sms' ? ((sender as string | undefined) ?? null) : null,
      emailReplyToId: type === 'email' ? ((sender as string | undefined) ?? null) : null,
      body: render(template.body ?? template.personalisation.map((name) => `((${name}))`).join('\n'), values),
      subject: type === 'email' ? render(template.subject ?? 'Local Notify message', values) : null,
      status: 'created',
      createdAt: notifyTime(clock()),
      sentAt: null,
      completedAt: null,
    };
    accepted.push(notification);
    byId.set(notification.id, notification);
    if (options.autoDeliver) later(autoDeliverDelayMs, () => void autoDeliver(notification));
    return notification;
  }

  function sendResponse(n: StoredNotification): object {
    return {
      id: n.id,
      reference: n.reference,
      content:
        n.type === 'sms'
          ? { body: n.body, from_number: 'GOVUK' }
          : { body: n.body, subject: n.subject, from_email: 'local.notify@notifications.service.gov.uk', one_click_unsubscribe_url: null },
      uri: `${baseUrl}/v2/notifications/${n.id}`,
      template: templateRef(n),
      scheduled_for: null,
    };
  }

  function templateRef(n: StoredNotification): object {
    return { id: n.templateId, version: n.templateVersion, uri: `${baseUrl}/services/${n.serviceId}/templates/${n.templateId}` };
  }

  function notificationJson(n: StoredNotification): object {
    return {
      id: n.id,
      reference: n.reference,
      email_address: n.type === 'email' ? n.to : null,
      phone_number: n.type === 'sms' ? n.to : null,
      line_1: null, line_2: null, line_3: null, line_4: null, line_5: null, line_6: null, line_7: null,
      postcode: null,
      postage: null,
      type: n.type,
      status: n.status,
      template: templateRef(n),
      body: n.body,
      subject: n.subject,
      created_at: n.createdAt,
      created_by_name: null,
      sent_at: n.sentAt,
      completed_at: n.completedAt,
      scheduled_for: null,
      one_click_unsubscribe_url: null,
      is_cost_data_ready: false,
      cost_in_pounds: null,
      cost_details: {},
    };
  }

  function listNotifications(service: Service, url: URL): object {
    const params = url.searchParams;
    const problems: string[] = [];
    for (const key of new Set(params.keys())) {
      if (!LIST_PARAMS.has(key)) problems.push(`Additional properties are not allowed (${printable(key)} was unexpected)`);
    }
    const templateType = params.get('template_type');
    if (templateType !== null && !['sms', 'email', 'letter'].includes(templateType)) {
      problems.push(`template_type ${printable(templateType)} is not one of [sms, email, letter]`);
    }
    const statuses = params.getAll('status');
    for (const status of statuses) {
      if (!NOTIFICATION_STATUSES.includes(status)) problems.push(`status ${printable(status)} is not one of [${NOTIFICATION_STATUSES.join(', ')}]`);
    }
    const olderThan = params.get('older_than');
    if (olderThan !== null && !isUuid(olderThan)) problems.push('older_than is not a valid UUID');
    if (problems.length) throw validation(problems);

    const wanted = new Set(statuses.flatMap((s) => (s === 'failed' ? FAILED : [s])));
    const reference = params.get('reference');
    let list = accepted
      .filter((n) => n.serviceId === service.serviceId)
      .filter((n) => templateType === null || n.type === templateType)
      .filter((n) => wanted.size === 0 || wanted.has(n.status))
      .filter((n) => reference === null || n.reference === reference)
      .reverse(); // newest first, as Notify lists them
    if (olderThan !== null) {
      const at = list.findIndex((n) => n.id === olderThan.toLowerCase());
      list = at === -1 ? [] : list.slice(at + 1);
    }
    const page = list.slice(0, PAGE_SIZE);
    const current = `${baseUrl}/v2/notifications${url.search}`;
    const links: Record<string, string> = { current };
    if (list.length > PAGE_SIZE) {
      const next = new URLSearchParams(params);
      next.set('older_than', page[page.length - 1].id);
      links.next = `${baseUrl}/v2/notifications?${next}`;
    }
    return { notifications: page.map(notificationJson), links };
  }

  function complete(notification: StoredNotification, status: ReceiptStatus): void {
    const now = notifyTime(clock());
    notification.status = status;
    notification.sentAt ??= now;
    notification.completedAt = now;
  }

  async function postReceipt(notification: StoredNotification, status: ReceiptStatus): Promise<number> {
    const callback = callbacks.get(notification.serviceId);
    if (!callback) throw new Error('No callback is set for that notification’s service');
    const controller = new AbortController();
    inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), RECEIPT_TIMEOUT_MS);
    try {
      const response = await fetch(callback.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${callback.bearerToken}` },
        body: JSON.stringify({
          id: notification.id,
          reference: notification.reference,
          to: notification.to,
          status,
          created_at: notification.createdAt,
          completed_at: notification.completedAt,
          sent_at: notification.sentAt,
          notification_type: notification.type,
          template_id: notification.templateId,
          template_version: notification.templateVersion,
        }),
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      receipts.push({ providerId: notification.id, status, answeredWith: response.status });
      return response.status;
    } catch {
      receipts.push({ providerId: notification.id, status, answeredWith: null });
      throw new Error('The delivery receipt could not be posted to the callback');
    } finally {
      clearTimeout(timeout);
      inFlight.delete(controller);
    }
  }

  /** Notify retries a receipt on network errors, 5xx and 429, five times. */
  async function autoDeliver(notification: StoredNotification): Promise<void> {
    if (closed || notification.completedAt) return;
    const status = receiptStatusFor(notification.type, notification.to);
    complete(notification, status);
    if (!callbacks.has(notification.serviceId)) return;
    for (let attempt = 0; attempt <= RECEIPT_RETRIES && !closed; attempt += 1) {
      const answered = await postReceipt(notification, status).catch(() => null);
      if (answered !== null && answered < 500 && answered !== 429) return;
      await new Promise<void>((resolve) => later(receiptRetryDelayMs, resolve));
    }
  }

  function later(ms: number, run: () => void): void {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  const server = createServer((req, res) => void handle(req, res));
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    baseUrl,
    accepted,
    responses,
    receipts,
    get held() {
      return held;
    },
    get slowed() {
      return slowed;
    },
    get afterAccepting() {
      return afterAccepting;
    },
    set afterAccepting(hook) {
      afterAccepting = hook;
    },
    sendRequests,
    lookUps,
    inject(fault) {
      const active = activeFault(fault);
      if (fault.forMs === undefined) faults.push(active);
      else outages.push({ status: active.status, error: active.error, message: active.message, until: clock().getTime() + fault.forMs });
    },
    slow({ ms, times = 1 }) {
      if (!(Number.isFinite(ms) && ms > 0)) throw new Error('slow: ms must be a positive number');
      if (!(Number.isInteger(times) && times > 0)) throw new Error('slow: times must be a positive integer');
      slowness = { ms, remaining: times };
    },
    receiptsBeforeAnswers(times) {
      if (!(Number.isInteger(times) && times > 0)) throw new Error('receiptsBeforeAnswers: times must be a positive integer');
      receiptsFirst = times;
    },
    clearFaults() {
      faults = [];
      outages = [];
      slowness = null;
      receiptsFirst = 0;
    },
    setCallback(serviceId, url, bearerToken) {
      if (!services.has(String(serviceId).toLowerCase())) throw new Error('setCallback: no such service on this local Notify server');
      const parsed = URL.canParse(url) ? new URL(url) : null;
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new Error('setCallback: the callback URL must be http(s)');
      if (typeof bearerToken !== 'string' || bearerToken.length < 10) throw new Error('setCallback: the bearer token must be at least 10 characters (Notify’s rule)');
      callbacks.set(String(serviceId).toLowerCase(), { url, bearerToken });
    },
    async deliver(providerId, status) {
      const notification = byId.get(String(providerId).toLowerCase());
      if (!notification) throw new Error('deliver: this local Notify server accepted no notification with that id');
      const final = (status ?? receiptStatusFor(notification.type, notification.to)) as ReceiptStatus;
      if (!RECEIPT_STATUSES.includes(final)) throw new Error(`deliver: the status must be one of ${RECEIPT_STATUSES.join(', ')}`);
      if (!callbacks.has(notification.serviceId)) throw new Error('deliver: no callback is set for that notification’s service');
      complete(notification, final);
      return postReceipt(notification, final);
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const controller of inFlight) controller.abort();
      await closeServer(server);
    },
  };
}

function serviceMap(services: LocalNotifyService[] | undefined): Map<string, Service> {
  if (!Array.isArray(services) || services.length === 0) throw new Error('The local Notify server needs at least one service.');
  const map = new Map<string, Service>();
  for (const service of services) {
    if (!isUuid(service?.serviceId)) throw new Error('A local Notify service id must be a UUID');
    if (!isUuid(service.secret)) throw new Error('A local Notify service secret must be a UUID (the last 36 characters of its API key)');
    const serviceId = service.serviceId.toLowerCase();
    if (map.has(serviceId)) throw new Error('A local Notify service id is given twice');
    const templates = new Map<string, LocalNotifyTemplate>();
    for (const template of service.templates ?? []) {
      if (!isUuid(template?.id)) throw new Error('A local Notify template id must be a UUID, as Notify’s are');
      if (template.type !== 'sms' && template.type !== 'email') throw new Error('A local Notify template type must be sms or email');
      if (!Array.isArray(template.personalisation)) throw new Error('A local Notify template needs its list of personalisation fields');
      templates.set(template.id.toLowerCase(), { ...template, personalisation: [...template.personalisation] });
    }
    const ids = (list: string[] | undefined) => (list ? new Set(list.map((id) => id.toLowerCase())) : undefined);
    map.set(serviceId, {
      serviceId,
      key: new TextEncoder().encode(service.secret),
      templates,
      smsSenderIds: ids(service.smsSenderIds),
      emailReplyToIds: ids(service.emailReplyToIds),
    });
  }
  return map;
}

type Route =
  | { kind: 'send'; method: 'POST'; type: 'sms' | 'email' }
  | { kind: 'letter'; method: 'POST' }
  | { kind: 'list'; method: 'GET' }
  | { kind: 'get'; method: 'GET'; id: string };

function routeOf(path: string): Route | null {
  if (path === '/v2/notifications/sms') return { kind: 'send', method: 'POST', type: 'sms' };
  if (path === '/v2/notifications/email') return { kind: 'send', method: 'POST', type: 'email' };
  if (path === '/v2/notifications/letter') return { kind: 'letter', method: 'POST' };
  if (path === '/v2/notifications') return { kind: 'list', method: 'GET' };
  const one = /^\/v2\/notifications\/([^/]+)$/.exec(path);
  return one ? { kind: 'get', method: 'GET', id: one[1] } : null;
}

/** Notify's checks, in Notify's order and words (app/authentication/auth.py, notifications-python-client). */
async function authenticate(header: string | undefined, services: Map<string, Service>, clock: () => Date): Promise<Service> {
  if (!header) throw authError(401, 'Unauthorized: authentication token must be provided');
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') throw authError(401, 'Unauthorized: authentication bearer scheme must be used');
  const token = header.slice(7).trim();
  let iss: unknown;
  let iat: unknown;
  let alg: unknown;
  try {
    ({ alg } = decodeProtectedHeader(token));
    ({ iss, iat } = decodeJwt(token));
  } catch {
    throw authError(403, 'Invalid token: signature, api token is not valid');
  }
  if (typeof iss !== 'string' || !iss) throw authError(403, 'Invalid token: iss field not provided');
  const service = services.get(iss.toLowerCase());
  if (!service) throw authError(403, 'Invalid token: service not found');
  if (alg !== 'HS256') throw authError(403, 'Invalid token: algorithm used is not HS256');
  try {
    await compactVerify(token, service.key, { algorithms: ['HS256'] });
  } catch {
    throw authError(403, 'Invalid token: API key not found');
  }
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw authError(403, 'Invalid token: iat field not provided');
  if (Math.abs(clock().getTime() / 1000 - iat) > CLOCK_SKEW_SECONDS) throw authError(403, 'Error: Your system clock must be accurate to within 30 seconds');
  return service;
}

function activeFault(fault: LocalNotifyFault): ActiveFault {
  if (!FAULT_STATUSES.has(fault?.status)) throw new Error('inject: status must be 400, 403, 429, 500 or 503');
  if (fault.error !== undefined && !FAULT_ERRORS.has(fault.error)) throw new Error(`inject: error must be one of ${[...FAULT_ERRORS].join(', ')}`);
  if (fault.probability !== undefined && !(fault.probability > 0 && fault.probability <= 1)) throw new Error('inject: probability must be in (0, 1]');
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times > 0)) throw new Error('inject: times must be a positive integer');
  if (fault.forMs !== undefined && (!(Number.isFinite(fault.forMs) && fault.forMs > 0) || fault.times !== undefined || fault.probability !== undefined || fault.afterAccepting)) {
    throw new Error('inject: forMs must be a positive number, without times, probability or afterAccepting');
  }
  const error = fault.error ?? ({ 429: 'RateLimitError', 400: 'BadRequestError', 403: 'AuthError' } as Record<number, string>)[fault.status] ?? 'Exception';
  const message = FAULT_MESSAGES[error] ?? (fault.status === 503 ? 'Service temporarily unavailable' : 'Internal server error');
  const remaining = fault.times ?? (fault.probability !== undefined ? Number.POSITIVE_INFINITY : 1);
  return { status: fault.status, error, message, remaining, probability: fault.probability, afterAccepting: fault.afterAccepting === true };
}

/** The reference a send request carries, if its body is JSON with one (for the record of requests; never checked here). */
function referenceOf(raw: string): string | null {
  try {
    const reference = (JSON.parse(raw) as { reference?: unknown })?.reference;
    return typeof reference === 'string' ? reference : null;
  } catch {
    return null;
  }
}

function faultError(fault: ActiveFault): NotifyApiError {
  return new NotifyApiError(fault.status, { error: fault.error, message: fault.message });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new NotifyApiError(413, { error: 'BadRequestError', message: 'Request entity too large' }));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

function render(text: string, values: Record<string, unknown>): string {
  return text.replace(/\(\(([^()]+)\)\)/g, (whole, name: string) => (values[name] === undefined || values[name] === null ? whole : String(values[name])));
}

/** A field name or value echoed in an error, kept short and on one line. */
function printable(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Notify's timestamps: ISO 8601 in UTC with microseconds, e.g. 2024-05-14T12:15:30.123000Z */
function notifyTime(at: Date): string {
  return at.toISOString().replace('Z', '000Z');
}
