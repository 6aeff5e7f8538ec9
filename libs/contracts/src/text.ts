/**
 * Text rules every string input follows, wherever it comes from (the API, a trust's
 * configuration document, tenants/): one definition, so no path can let through what another
 * refuses.
 */

/** Longest string any input may hold unless its field says otherwise (names, reasons, ids, URLs, secrets). */
export const MAX_TEXT_LENGTH = 1000;

/**
 * Characters no input may hold: C0 controls other than tab, line feed and carriage return, DEL,
 * C1 controls, UTF-16 surrogates that are not part of a pair (PostgreSQL refuses both NUL and
 * lone surrogates, and nobody types them), and the bidirectional embedding, override and isolate
 * controls (U+202A–U+202E, U+2066–U+2069), which make a name or an address read on screen as
 * something other than what is stored; right-to-left names need none of them.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u; // with `u`, a pair is one code point

/** Characters that take no space: a name made only of these (and spaces) is empty. */
const INVISIBLE = /[\s\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u206A-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/gu;

/** What is wrong with a string input's characters, or null when nothing is. Never quotes the value. */
export function textProblem(value: string, maxLength: number = MAX_TEXT_LENGTH): string | null {
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  if (FORBIDDEN.test(value)) return 'holds control characters or broken Unicode';
  return null;
}

/** The text with surrounding spaces and invisible characters removed, for names people read. */
export function visibleText(value: string): string {
  return value.normalize('NFC').replace(new RegExp(`^${INVISIBLE.source}+|${INVISIBLE.source}+$`, 'gu'), '');
}

/** True when the text shows nothing: only spaces and zero-width characters. */
export function isBlank(value: string): boolean {
  return value.replace(INVISIBLE, '').length === 0;
}

/**
 * A staff member's work address (invitations, platform roles, a new trust's first admin): what
 * an identity provider signs in with. Lower-cased, printable ASCII, one @, a dotted domain.
 */
const WORK_EMAIL = /^[\x21-\x3F\x41-\x7E]{1,64}@(?=.{4,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/;

/** True when the address (already trimmed and lower-cased, as it is kept) is a work address. */
export function isWorkEmail(email: string): boolean {
  return WORK_EMAIL.test(email);
}
