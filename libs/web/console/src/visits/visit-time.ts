import { DateTime } from 'luxon';
import { formatNhsTime, NHS_TIME_ZONE } from '@vv/ui/nhsuk';

export interface DateTimeFields {
  day: string;
  month: string;
  year: string;
  time: string;
}

export type ParsedDateTime = { ok: true; iso: string } | { ok: false; problem: string; field: 'day' | 'month' | 'year' | 'time' };

/** "2:30pm", "2pm", "14:30", "1430", "midday", "midnight" → hours and minutes. */
export function parseTime(text: string): { hour: number; minute: number } | undefined {
  const value = text.trim().toLowerCase().replace(/\s+/g, '').replace('.', ':');
  if (value === 'midday' || value === 'noon') return { hour: 12, minute: 0 };
  if (value === 'midnight') return { hour: 0, minute: 0 };
  const match = /^(\d{1,2})(?::?(\d{2}))?(am|pm)?$/.exec(value);
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = match[2] ? Number(match[2]) : 0;
  if (minute > 59) return undefined;
  if (match[3]) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (match[3] === 'pm' ? 12 : 0);
  } else if (hour > 23 || (!match[2] && value.length > 2)) {
    return undefined;
  }
  return { hour, minute };
}

/** The NHS.UK date input and a time, read in Europe/London, as an instant (ISO, UTC). */
export function parseDateTime(fields: DateTimeFields): ParsedDateTime {
  const day = Number(fields.day);
  const month = Number(fields.month);
  const year = Number(fields.year);
  if (!fields.day?.trim() || !Number.isInteger(day)) return { ok: false, field: 'day', problem: 'must include a day' };
  if (!fields.month?.trim() || !Number.isInteger(month)) return { ok: false, field: 'month', problem: 'must include a month' };
  if (!fields.year?.trim() || !Number.isInteger(year) || fields.year.trim().length !== 4) return { ok: false, field: 'year', problem: 'must include a year with 4 numbers' };
  const time = parseTime(fields.time ?? '');
  if (!time) return { ok: false, field: 'time', problem: 'must include a time, like 2:30pm or 14:30' };
  const when = DateTime.fromObject({ year, month, day, ...time }, { zone: NHS_TIME_ZONE });
  if (!when.isValid || when.day !== day || when.month !== month) return { ok: false, field: 'day', problem: 'must be a real date' };
  return { ok: true, iso: when.toUTC().toISO({ suppressMilliseconds: true })! };
}

/** The date input and time fields of an instant, in Europe/London (to prefill a form). */
export function dateTimeFields(instant: Date | string): DateTimeFields {
  const when = (typeof instant === 'string' ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant)).setZone(NHS_TIME_ZONE);
  return { day: String(when.day), month: String(when.month), year: String(when.year), time: formatNhsTime(when.toJSDate()) };
}
