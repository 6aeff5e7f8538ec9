import { randomBytes } from 'node:crypto';

/** A fresh nonce for one response's inline script (the NHS.UK template's `js-enabled` line). */
export function createCspNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface PageHeaderOptions {
  /** The nonce the page's inline script carries (see createCspNonce). */
  nonce: string;
  /** Origins forms may post to besides this one (none by default). */
  formAction?: readonly string[];
  /** https origins images may come from besides this one (a trust's logo in a preview); none by default. */
  imageOrigins?: readonly string[];
  /** Pages showing personal data must not be stored; default true. */
  noStore?: boolean;
}

/**
 * The security headers of a server-rendered NHS.UK page: a strict CSP with nothing but
 * this origin (and the one inline script by nonce), no framing, no referrer, no caching.
 */
export function nhsukPageHeaders(options: PageHeaderOptions): Record<string, string> {
  const formAction = ["'self'", ...(options.formAction ?? [])].join(' ');
  return {
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'self' 'nonce-${options.nonce}'`,
      "style-src 'self'",
      ["img-src 'self'", ...(options.imageOrigins ?? []).filter((origin) => /^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin))].join(' '),
      "font-src 'self'",
      "connect-src 'self'",
      "manifest-src 'self'",
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'cache-control': options.noStore === false ? 'private, no-cache' : 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}
