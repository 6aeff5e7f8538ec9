export type NotifyChannel = 'sms' | 'email';

export type NotifyOutcome =
  | { kind: 'accepted'; providerId: string }
  /** 429 RateLimitError (the per-minute limit): slow down, without using up a retry. */
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** 429 TooManyRequestsError (the daily limit): pause this service until tomorrow. */
  | { kind: 'daily_limit' }
  /** 400/401/403 and other 4xx: sending again cannot help. The reason carries no personal data. */
  | { kind: 'permanent'; reason: string }
  /**
   * 5xx, no answer in time, network: try again later with backoff. The reason carries no personal
   * data. `unanswered`: no answer came, so Notify may have taken the message without our hearing.
   */
  | { kind: 'temporary'; reason: string; unanswered?: boolean };

export type NotifyFailure = Exclude<NotifyOutcome, { kind: 'accepted' }>;

/** What the sender reads from a failed request: the parts of an axios error that are safe to look at. */
export interface NotifyFailedRequest {
  /** HTTP status, when Notify (or something in front of it) answered. */
  status?: number;
  /** The answer's parsed body: Notify's `{status_code, errors: [{error, message}]}`, or anything else. */
  body?: unknown;
  retryAfter?: string;
  /** Node / axios error code when there was no answer: ECONNREFUSED, ECONNABORTED, ERR_CANCELED, … */
  code?: string;
}

/** Notify has no Retry-After on its 429s; its per-minute bucket refills continuously, so a short pause is enough. */
export const DEFAULT_RATE_LIMIT_BACKOFF_MS = 10_000;
const MAX_REASON_LENGTH = 300;
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED', 'ABORT_ERR', 'TimeoutError', 'UND_ERR_CONNECT_TIMEOUT']);
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const SAFE_CODE = /^[A-Za-z0-9_]{1,40}$/;

/**
 * Turns a failed Notify request into what the caller should do next.
 * `sensitive` are literal strings that must never appear in a reason (the API key, its secret,
 * the recipient, the personalisation values); phone numbers, email addresses and tokens are
 * removed whatever they are.
 */
export function outcomeOfFailure(
  failure: NotifyFailedRequest,
  sensitive: readonly string[],
  options: { timeoutMs: number; rateLimitBackoffMs?: number },
): NotifyFailure {
  const { status } = failure;
  if (status === undefined) {
    const code = failure.code && SAFE_CODE.test(failure.code) ? failure.code : undefined;
    if (code && TIMEOUT_CODES.has(code)) return { kind: 'temporary', reason: `no answer from GOV.UK Notify within ${options.timeoutMs} ms`, unanswered: true };
    const reason = `could not reach GOV.UK Notify${code ? ` (${code})` : ''}`;
    // refused or unresolved: the request never left, so Notify cannot have it
    return code && NEVER_SENT_CODES.has(code) ? { kind: 'temporary', reason } : { kind: 'temporary', reason, unanswered: true };
  }
  const errors = notifyErrorsOf(failure.body);
  if (status === 429) {
    if (errors.some((e) => e.error === 'TooManyRequestsError')) return { kind: 'daily_limit' };
    return { kind: 'rate_limited', retryAfterMs: retryAfterMs(failure.retryAfter) ?? options.rateLimitBackoffMs ?? DEFAULT_RATE_LIMIT_BACKOFF_MS };
  }
  const reason = redact(describe(status, errors), sensitive);
  if (status >= 400 && status < 500 && status !== 408) return { kind: 'permanent', reason };
  return { kind: 'temporary', reason };
}

/** Notify's error list, keeping only well-formed `{error, message}` string pairs. */
export function notifyErrorsOf(body: unknown): { error: string; message: string }[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is { error: string; message: string } => typeof e?.error === 'string' && typeof e?.message === 'string')
    .map(({ error, message }) => ({ error, message }));
}

function describe(status: number, errors: { error: string; message: string }[]): string {
  if (errors.length === 0) return `HTTP ${status} from GOV.UK Notify`;
  return `${status} ${errors.map((e) => `${e.error}: ${e.message}`).join('; ')}`;
}

function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 3_600_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(at - Date.now(), 0), 3_600_000);
}

const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;
const EMAIL = /[^\s@"'<>()[\],;:]+@[^\s@"'<>()[\],;:]+/g;
/** A run of 9+ digits and separators, not part of a longer word or id (UUIDs with letters stay whole). */
const PHONE = /(?<![\w-])\+?\(?\d[\d\s().-]{7,}\d(?![\w-])/g;

/** Removes secrets and personal data from text meant for logs, error messages and the database. */
export function redact(text: string, sensitive: readonly string[]): string {
  let out = text;
  const literals = [...new Set(sensitive.filter((s) => typeof s === 'string' && s.trim().length >= 2))].sort((a, b) => b.length - a.length);
  for (const literal of literals) out = out.split(literal).join('[redacted]');
  out = out.replace(JWT, '[token]').replace(EMAIL, '[email address]').replace(PHONE, '[phone number]');
  return out.length > MAX_REASON_LENGTH ? `${out.slice(0, MAX_REASON_LENGTH - 1)}…` : out;
}

/** Whether a string looks like it holds an email address or a phone number. */
export function looksPersonal(text: string): boolean {
  return new RegExp(EMAIL.source).test(text) || new RegExp(PHONE.source).test(text);
}
