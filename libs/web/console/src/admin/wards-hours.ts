import { graphqlEnumName, WEEKDAYS, type Weekday } from '@vv/contracts';
import type { Weekday as ApiWeekday } from '../api/generated';

/** A weekday's visiting hours as the API holds them: ranges like 14:00-20:00, a day ending at 24:00 (the form names days monday…, the API MONDAY…). */
export interface VisitingHoursDay {
  day: ApiWeekday;
  ranges: readonly string[];
}

const TIME = /^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$/;

/** "9:30" or "09.30" → "09:30"; anything else unchanged, for the API to name. */
function time(text: string): string {
  const match = TIME.exec(text.trim());
  return match ? `${match[1].padStart(2, '0')}:${match[2]}` : text.trim();
}

/**
 * What an admin types for each day ("14:00-20:00, 22:00-02:00") as the API's week. A slot that
 * ends before it starts runs past midnight: the day keeps it until 24:00 and the next day
 * starts with 00:00 until its end (the booking rule takes a visit across the two). Anything
 * that is not two times is passed on as typed, so the API names the day it is wrong on.
 */
export function visitingHoursFromForm(typed: Readonly<Partial<Record<Weekday, string>>>): VisitingHoursDay[] {
  const week = WEEKDAYS.map((day) => ({ day, ranges: [] as string[], carried: [] as string[] }));
  WEEKDAYS.forEach((day, i) => {
    const ranges = (typed[day] ?? '')
      .split(/[,;\n]/)
      .map((range) => range.trim())
      .filter(Boolean);
    for (const range of ranges) {
      const parts = range.split(/\s*(?:-|–|to)\s*/);
      if (parts.length !== 2) {
        week[i].ranges.push(range);
        continue;
      }
      const [from, to] = parts.map(time);
      if (TIME.test(from) && TIME.test(to) && to < from && to !== '00:00') {
        week[i].ranges.push(`${from}-24:00`);
        week[(i + 1) % 7].carried.push(`00:00-${to}`);
      } else {
        week[i].ranges.push(`${from}-${to === '00:00' && from !== '00:00' ? '24:00' : to}`);
      }
    }
  });
  return week.map(({ day, ranges, carried }) => ({ day: graphqlEnumName(day), ranges: [...carried, ...ranges] }));
}

/**
 * The API's week as the form shows it: a day that runs to 24:00 while the next day starts
 * at 00:00 shows as one slot across midnight on the first day ("22:00-02:00"), so what was
 * typed reads back the same.
 */
export function visitingHoursForForm(week: readonly VisitingHoursDay[]): Record<Weekday, string> {
  const ranges = Object.fromEntries(WEEKDAYS.map((day) => [day, [...(week.find((d) => d.day === graphqlEnumName(day))?.ranges ?? [])]])) as Record<Weekday, string[]>;
  WEEKDAYS.forEach((day, i) => {
    const next = WEEKDAYS[(i + 1) % 7];
    const late = ranges[day].findIndex((r) => r.endsWith('-24:00') && !r.startsWith('00:00-'));
    const early = ranges[next].findIndex((r) => r.startsWith('00:00-') && r !== '00:00-24:00');
    if (late < 0 || early < 0) return;
    ranges[day][late] = `${ranges[day][late].slice(0, 5)}-${ranges[next][early].slice(6)}`;
    ranges[next].splice(early, 1);
  });
  return Object.fromEntries(WEEKDAYS.map((day) => [day, ranges[day].join(', ')])) as Record<Weekday, string>;
}

/** "monday" → "Monday". */
export function dayName(day: string): string {
  return day.charAt(0).toUpperCase() + day.slice(1);
}
