import { DateTime } from 'luxon';

/** Where every time shown to staff and families is read: the trusts' own clock. */
export const NHS_TIME_ZONE = 'Europe/London';

type Instant = Date | string;

function inZone(value: Instant, zone: string): DateTime {
  const parsed = typeof value === 'string' ? DateTime.fromISO(value, { setZone: false }) : DateTime.fromJSDate(value);
  if (!parsed.isValid) throw new RangeError(`Not a date and time: ${String(value)}`);
  return parsed.setZone(zone);
}

function instantOf(value: Instant): number {
  const millis = typeof value === 'string' ? DateTime.fromISO(value, { setZone: false }).toMillis() : value.getTime();
  if (Number.isNaN(millis)) throw new RangeError(`Not a date and time: ${String(value)}`);
  return millis;
}

/**
 * The 24-hour clock's "HH:mm" in a zone, by one formatter per zone: a page of visits shows two
 * times a row, and reading the wall clock through Luxon (a zone offset worked out for each new
 * DateTime) was the largest part of rendering the ward's day.
 */
const clocks = new Map<string, Intl.DateTimeFormat>();
function wallClock(millis: number, zone: string): { hour: number; minute: number } {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clocks.set(zone, clock);
  }
  const parts = clock.formatToParts(millis);
  return { hour: Number(parts.find((p) => p.type === 'hour')!.value), minute: Number(parts.find((p) => p.type === 'minute')!.value) };
}

/**
 * A time as the NHS.UK content style guide writes it: "9am", "5:30pm", "midday",
 * "midnight" (12-hour clock, no leading zero, no space, no ":00").
 */
export function formatNhsTime(value: Instant, zone = NHS_TIME_ZONE): string {
  return nhsClockTime(wallClock(instantOf(value), zone));
}

function nhsClockTime(time: { hour: number; minute: number }): string {
  if (time.minute === 0 && time.hour === 0) return 'midnight';
  if (time.minute === 0 && time.hour === 12) return 'midday';
  const hour = time.hour % 12 === 0 ? 12 : time.hour % 12;
  const minutes = time.minute === 0 ? '' : `:${String(time.minute).padStart(2, '0')}`;
  return `${hour}${minutes}${time.hour < 12 ? 'am' : 'pm'}`;
}

/** "Thursday 3 December 2026" (no comma, no ordinal), or without the weekday. */
export function formatNhsDate(value: Instant, options: { weekday?: boolean } = {}, zone = NHS_TIME_ZONE): string {
  return inZone(value, zone).toFormat(options.weekday === false ? 'd MMMM yyyy' : 'cccc d MMMM yyyy', { locale: 'en-GB' });
}

/** "Thursday 3 December 2026 at 5:30pm". */
export function formatNhsDateTime(value: Instant, zone = NHS_TIME_ZONE): string {
  return `${formatNhsDate(value, {}, zone)} at ${formatNhsTime(value, zone)}`;
}

/** "5:30pm to 6pm": a slot from its start and length in minutes. */
export function formatNhsTimeRange(start: Instant, lengthMinutes: number, zone = NHS_TIME_ZONE): string {
  const from = instantOf(start);
  return `${formatNhsTime(new Date(from), zone)} to ${formatNhsTime(new Date(from + lengthMinutes * 60_000), zone)}`;
}
