import { randomBytes } from 'node:crypto';
import type { FieldProblem } from '../api/console-api';
import { parseDateTime, type DateTimeFields } from './visit-time';

/** The booking form's fields as the page names them, with their labels and where an error sends focus. */
export const FORM_FIELDS: Record<string, { label: string; anchor: string }> = {
  wardId: { label: 'Ward', anchor: 'wardId' },
  patientName: { label: 'Patient’s name', anchor: 'patientName' },
  contactName: { label: 'Key contact’s name', anchor: 'contactName' },
  contactMobile: { label: 'Mobile number', anchor: 'contactMobile' },
  contactEmail: { label: 'Email address', anchor: 'contactEmail' },
  startAt: { label: 'Date and time', anchor: 'startAt-day' },
  lengthMinutes: { label: 'Length', anchor: 'lengthMinutes' },
  reason: { label: 'Reason', anchor: 'reason' },
  startNow: { label: 'Visit now', anchor: 'patientName' },
};

export interface FormErrors {
  /** For the NHS.UK error summary: text and the field it links to. */
  summary: { text: string; href: string }[];
  /** Inline messages by form field. */
  byField: Record<string, string>;
}

/** A form's fields by the API's names: the words an error starts with and the input it links to. */
export type FormFields = Readonly<Record<string, { label: string; anchor: string }>>;

/**
 * The API's BAD_USER_INPUT problems, each naming its field, as the page shows them. `fields`
 * names the form's fields (the booking form's by default); `fieldOf` maps an API name the
 * table does not hold, such as `visitingHours.2.ranges.0`, to one it does.
 */
export function formErrors(problems: readonly FieldProblem[], fields: FormFields = FORM_FIELDS, fieldOf: (apiField: string) => string = (f) => f): FormErrors {
  const errors: FormErrors = { summary: [], byField: {} };
  for (const raw of problems) {
    const problem = { ...raw, field: fieldOf(raw.field.replace(/^input\./, '')) };
    const field = fields[problem.field] ?? { label: problem.field, anchor: problem.field };
    const text = problem.message.startsWith(field.label) ? problem.message : `${field.label} ${problem.message}`;
    // two ranges wrong on one day are one message about that day
    if (errors.byField[problem.field] === text) continue;
    errors.summary.push({ text, href: `#${field.anchor}` });
    errors.byField[problem.field] ??= text;
  }
  return errors;
}

export function newIdempotencyKey(): string {
  return randomBytes(18).toString('base64url');
}

export interface BookingFields extends DateTimeFields {
  wardId: string;
  patientName: string;
  contactName: string;
  contactMobile: string;
  contactEmail: string;
  lengthMinutes: string;
  idempotencyKey: string;
}

export function bookingFields(body: Record<string, unknown>): BookingFields {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  return {
    wardId: text('wardId'),
    patientName: text('patientName'),
    contactName: text('contactName'),
    contactMobile: text('contactMobile'),
    contactEmail: text('contactEmail'),
    lengthMinutes: text('lengthMinutes'),
    idempotencyKey: text('idempotencyKey') || newIdempotencyKey(),
    day: text('startAt[day]'),
    month: text('startAt[month]'),
    year: text('startAt[year]'),
    time: text('time'),
  };
}

/** The start time from the form, or the problem with it (named as the API names it: startAt). */
export function startAtFrom(fields: DateTimeFields): { startAt?: string; problem?: FieldProblem } {
  const parsed = parseDateTime(fields);
  if (parsed.ok) return { startAt: parsed.iso };
  return { problem: { field: 'startAt', message: parsed.problem } };
}

export function lengthFrom(text: string): { lengthMinutes?: number; problem?: FieldProblem } {
  if (!text) return {};
  const value = Number(text);
  return Number.isInteger(value) ? { lengthMinutes: value } : { problem: { field: 'lengthMinutes', message: 'must be a whole number of minutes' } };
}
