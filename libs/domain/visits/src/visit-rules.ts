import { DateTime } from 'luxon';
import { isBlank, visibleText, VISIT_ACTIONS, WEEKDAYS, type FieldProblem, type VisitAction, type VisitingHours } from '@vv/contracts';
import { normaliseEmail, normaliseUkMobile } from '@vv/platform/notify';
import { formatNhsDateTime } from '@vv/ui/nhsuk';

export const MIN_VISIT_MINUTES = 5;
export const MAX_VISIT_MINUTES = 240;
/** A booking may start this far in the past (a slow form submit), not more. */
export const PAST_GRACE_MS = 60_000;

export interface ContactInput {
  contactName?: string | null;
  contactMobile?: string | null;
  contactEmail?: string | null;
}

/** Checks the people's details; returns the cleaned values and every problem, by field. */
export function checkPeople(input: ContactInput & { patientName?: string | null }, problems: FieldProblem[]) {
  const patientName = visibleText(input.patientName ?? '');
  nameProblem('patientName', patientName, problems);
  return { patientName, ...checkKeyContact(input, problems) };
}

function nameProblem(field: string, name: string, problems: FieldProblem[]): void {
  if (isBlank(name)) problems.push({ field, message: 'must not be blank' });
  else if (name.length > 200) problems.push({ field, message: 'must be at most 200 characters' });
}

/** The key contact's name and how to reach them (a UK mobile and/or an email), normalised. */
export function checkKeyContact(input: ContactInput, problems: FieldProblem[]) {
  const contactName = visibleText(input.contactName ?? '');
  nameProblem('contactName', contactName, problems);
  const mobile = input.contactMobile?.trim() ? normaliseUkMobile(input.contactMobile) : null;
  if (input.contactMobile?.trim() && !mobile) problems.push({ field: 'contactMobile', message: 'is not a UK mobile number (07… or +447…)' });
  const email = input.contactEmail?.trim() ? normaliseEmail(input.contactEmail) : null;
  if (input.contactEmail?.trim() && !email) problems.push({ field: 'contactEmail', message: 'is not an email address' });
  if (!input.contactMobile?.trim() && !input.contactEmail?.trim()) {
    problems.push({ field: 'contactMobile', message: 'give a mobile number or an email address so the key contact can be reached' });
  }
  return { contactName, contactMobile: mobile, contactEmail: email };
}

export function checkLength(lengthMinutes: number, problems: FieldProblem[]): void {
  if (!Number.isInteger(lengthMinutes) || lengthMinutes < MIN_VISIT_MINUTES || lengthMinutes > MAX_VISIT_MINUTES) {
    problems.push({ field: 'lengthMinutes', message: `must be a whole number of minutes from ${MIN_VISIT_MINUTES} to ${MAX_VISIT_MINUTES}` });
  }
}

/** Furthest ahead a visit may be booked: a year (a date in 9999 is a typing slip, not a plan). */
export const MAX_DAYS_AHEAD = 366;

export function checkNotPast(start: Date, now: Date, problems: FieldProblem[], field = 'startAt'): void {
  if (start.getTime() < now.getTime() - PAST_GRACE_MS) problems.push({ field, message: 'is in the past' });
  else if (start.getTime() > now.getTime() + MAX_DAYS_AHEAD * 86_400_000) problems.push({ field, message: `must be within ${MAX_DAYS_AHEAD} days from now` });
}

/**
 * Is [start, start + length) inside the ward's visiting hours, in the trust's time zone? A
 * slot that runs past midnight must fit the end of one day and the start of the next (an
 * Emergency Department open 00:00-24:00 takes it). Clock changes are handled by working in
 * local time: 10:00 is 09:00Z in summer and 10:00Z in winter.
 */
export function withinVisitingHours(start: Date, lengthMinutes: number, hours: VisitingHours, timeZone: string): boolean {
  const local = DateTime.fromJSDate(start, { zone: timeZone });
  const end = DateTime.fromJSDate(new Date(start.getTime() + lengthMinutes * 60_000), { zone: timeZone });
  const startMinute = local.hour * 60 + local.minute;
  if (end.hasSame(local, 'day')) return fits(hours, local, startMinute, end.hour * 60 + end.minute);
  const nextDay = local.startOf('day').plus({ days: 1 });
  if (!end.hasSame(nextDay, 'day')) return false;
  const endMinute = end.hour * 60 + end.minute;
  return fits(hours, local, startMinute, 1440) && (endMinute === 0 || fits(hours, nextDay, 0, endMinute));
}

function fits(hours: VisitingHours, day: DateTime, fromMinute: number, toMinute: number): boolean {
  return (hours[WEEKDAYS[day.weekday - 1]] ?? []).some((range) => {
    const [from, to] = range.split('-').map(toMinutes);
    return fromMinute >= from && toMinute <= to;
  });
}

/** "HH:MM" → minutes after midnight. */
function toMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/** The most visits running at any one moment of [start, end), counting the proposed one. */
export function peakConcurrency(start: Date, end: Date, others: readonly { scheduledStart: Date; scheduledEnd: Date }[]): number {
  const points: [number, number][] = [];
  for (const o of others) {
    const from = Math.max(o.scheduledStart.getTime(), start.getTime());
    const to = Math.min(o.scheduledEnd.getTime(), end.getTime());
    if (from < to) points.push([from, 1], [to, -1]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, delta] of points) {
    running += delta;
    peak = Math.max(peak, running);
  }
  return peak + 1;
}

/** Describes a time for people in the trust's zone as NHS style writes it, e.g. "Sunday 29 March 2026 at 2:30pm". */
export function localTime(at: Date, timeZone: string): string {
  return formatNhsDateTime(at, timeZone);
}

/** What staff can do to a visit, as the API reports it (`Visit.allowedActions`): each is a move of the transition table, open in the states it says. */
export { VISIT_ACTIONS };
/** Each is a move of the transition table: visit.service asks the table whether it is open (a name that is not a move does not compile). */
export type VisitActionName = VisitAction;

/** The role permission each action needs (rejoining is part of starting; correcting the contact is an update). */
export const VISIT_ACTION_PERMISSION: Readonly<Record<VisitActionName, 'reschedule' | 'cancel' | 'start' | 'complete' | 'rebook' | 'update'>> = {
  reschedule: 'reschedule',
  cancel: 'cancel',
  start: 'start',
  complete: 'complete',
  rejoin: 'start',
  rebook: 'rebook',
  updateKeyContact: 'update',
};
