import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUtf8FormBody } from '@vv/contracts';

/** Why a form was refused unread: what it sent is not UTF-8 text. */
export const FORM_NOT_UTF8 = 'form.not.utf8';

function unreadableForm(): Error {
  return Object.assign(new Error('form is not UTF-8'), { status: 400, expose: false, type: FORM_NOT_UTF8 });
}

/**
 * The forms' one rule about text, checked on the bytes before anything parses them: UTF-8 only,
 * and every '%' a two-digit escape (a browser sends a typed '%' as %25). Otherwise the parser
 * leaves "%FF" as it is, and a visit would be booked for "Con%FFPat".
 */
export function utf8FormOnly(_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string | null): void {
  if (encoding !== 'utf-8' || !isUtf8FormBody(body)) throw unreadableForm();
}

/**
 * The same rule for a multipart form's text fields, which the multipart parser has already
 * decoded: bytes that were not UTF-8 come out as U+FFFD, which no one types into a form.
 */
export function refuseUnreadableFields(fields: Record<string, unknown>): Error | null {
  const values = Object.entries(fields).flatMap(([name, value]) => [name, ...(Array.isArray(value) ? value : [value])]);
  return values.some((value) => typeof value === 'string' && value.includes('\uFFFD')) ? unreadableForm() : null;
}

/** True for the error either check above raises. */
export function isUnreadableForm(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === FORM_NOT_UTF8;
}
