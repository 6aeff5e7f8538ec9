import { DateTime } from 'luxon';

/** Where every time shown to staff and families is read: the trusts' own clock. */
export const NHS_TIME_ZONE = 'Europe/London';

type Instant = Date | string;

function inZone(value: Instant, zone: string): DateTime {
  const parsed = typeof value === 'string' ? DateTime.fromISO(value, { setZone: false }) : DateTime.fromJSDate(value);
  if (!parsed.isValid) throw new RangeError(`Not a date and time: ${String(value)}`);
  return parsed.setZone(zone);
}

/**
 * A time as the NHS.UK content style guide writes it: "9am", "5:30pm", "midday",
 * "midnight" (12-hour clock, no leading zero, no space, no ":00").
 */
export function formatNhsTime(value: Instant, zone = NHS_TIME_ZONE): string {
  const time = inZone(value, zone);
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
  const from = inZone(start, zone);
  return `${formatNhsTime(from.toJSDate(), zone)} to ${formatNhsTime(from.plus({ minutes: lengthMinutes }).toJSDate(), zone)}`;
}
