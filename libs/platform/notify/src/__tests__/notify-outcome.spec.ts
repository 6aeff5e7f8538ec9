import { outcomeOfFailure, redact, DEFAULT_RATE_LIMIT_BACKOFF_MS } from '../notify-outcome';

const notifyError = (status: number, error: string, message: string) => ({ status_code: status, errors: [{ error, message }] });
const options = { timeoutMs: 5000 };

describe('what a failed Notify request means', () => {
  it('429 RateLimitError: slow down, by Retry-After when given, else the configured or default pause', () => {
    const body = notifyError(429, 'RateLimitError', 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds');

    expect(outcomeOfFailure({ status: 429, body }, [], options)).toEqual({ kind: 'rate_limited', retryAfterMs: DEFAULT_RATE_LIMIT_BACKOFF_MS });
    expect(outcomeOfFailure({ status: 429, body }, [], { ...options, rateLimitBackoffMs: 1234 })).toEqual({ kind: 'rate_limited', retryAfterMs: 1234 });
    expect(outcomeOfFailure({ status: 429, body, retryAfter: '7' }, [], options)).toEqual({ kind: 'rate_limited', retryAfterMs: 7000 });
  });

  it('429 TooManyRequestsError: the daily limit', () => {
    const body = notifyError(429, 'TooManyRequestsError', 'Exceeded send limits (250000) for today');

    expect(outcomeOfFailure({ status: 429, body }, [], options)).toEqual({ kind: 'daily_limit' });
  });

  it.each([400, 401, 403, 404, 413])('%i is permanent, with Notify’s error type and message', (status) => {
    const outcome = outcomeOfFailure({ status, body: notifyError(status, 'BadRequestError', 'Template not found') }, [], options);

    expect(outcome).toEqual({ kind: 'permanent', reason: `${status} BadRequestError: Template not found` });
  });

  it.each([408, 500, 502, 503, 504])('%i is temporary', (status) => {
    expect(outcomeOfFailure({ status, body: notifyError(status, 'Exception', 'Internal server error') }, [], options)).toEqual({
      kind: 'temporary',
      reason: `${status} Exception: Internal server error`,
    });
  });

  it('an answer that is not Notify’s JSON gives only the status, never the body', () => {
    const outcome = outcomeOfFailure({ status: 502, body: '<html>bad gateway for sam@example.org</html>' }, [], options);

    expect(outcome).toEqual({ kind: 'temporary', reason: 'HTTP 502 from GOV.UK Notify' });
  });

  it('no answer in time, or none at all, is temporary', () => {
    expect(outcomeOfFailure({ code: 'ECONNABORTED' }, [], options)).toEqual({ kind: 'temporary', reason: 'no answer from GOV.UK Notify within 5000 ms', unanswered: true });
    expect(outcomeOfFailure({ code: 'ERR_CANCELED' }, [], options)).toEqual({ kind: 'temporary', reason: 'no answer from GOV.UK Notify within 5000 ms', unanswered: true });
    expect(outcomeOfFailure({ code: 'ECONNREFUSED' }, [], options)).toEqual({ kind: 'temporary', reason: 'could not reach GOV.UK Notify (ECONNREFUSED)' });
    expect(outcomeOfFailure({ code: 'not a code: +447700900123' }, [], options)).toEqual({ kind: 'temporary', reason: 'could not reach GOV.UK Notify', unanswered: true });
  });

  it('keeps personal data and secrets out of the reason', () => {
    const key = 'live-6f1c2a0e-3b4d-4c5e-8f60-718293a4b5c6-d2e3f4a5-b6c7-4d8e-9f01-a2b3c4d5e6f7';
    const message = `phone_number +44 7700 900123 / 07700900123 and sam.visitor@example.org for Alexandra, key ${key}, token eyJhbGciOi.eyJpc3Mi.c2lnbmF0dXJl`;
    const outcome = outcomeOfFailure({ status: 400, body: notifyError(400, 'ValidationError', message) }, [key, 'Alexandra'], options);

    expect(outcome.kind).toBe('permanent');
    const reason = (outcome as { reason: string }).reason;
    for (const secret of ['7700', 'sam.visitor', 'example.org', 'Alexandra', key, 'd2e3f4a5', 'eyJ']) expect(reason).not.toContain(secret);
    expect(reason).toContain('[phone number]');
    expect(reason).toContain('[email address]');
  });

  it('leaves ids, counts and dates-free messages readable', () => {
    const text = 'sms_sender_id 8e222534-7f05-4972-86e3-17c5d9f894e2 does not exist; Exceeded send limits (250000) for today; 918 characters';

    expect(redact(text, [])).toBe(text);
  });

  it('caps the length of a reason', () => {
    expect(redact('x'.repeat(1000), []).length).toBeLessThanOrEqual(300);
  });
});
