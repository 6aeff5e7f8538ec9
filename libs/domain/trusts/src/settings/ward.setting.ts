import { z } from 'zod';
import { dayRangesProblems, type FieldProblem, type VisitingHours, WARD_STATUSES, WEEKDAYS, type WardStatus, type Weekday } from '@vv/contracts';
import { expandVisitingHours } from '../visiting-hours';
import { flagsSetting } from './flags.setting';
import { fieldProblems, issueWords, partialUpdate, placeName, wholeNumber } from './setting-fields';

const RANGE = /^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

/** One range of a day's visiting hours: it may end at 24:00, and ends after it starts. */
const timeRange = z.string().refine((range) => RANGE.test(range) && range.slice(0, 5) < range.slice(6), 'must be a range like 14:00-20:00 that ends after it starts');

/** A day's ranges, in order and apart. */
export const dayRangesSetting = z.array(timeRange).superRefine((ranges, ctx) => {
  for (const problem of dayRangesProblems(ranges)) ctx.addIssue({ code: 'custom', path: [problem.index], message: problem.message });
});

const visitingHoursShape = Object.fromEntries(WEEKDAYS.map((day) => [day, dayRangesSetting.optional()])) as Record<Weekday, z.ZodOptional<typeof dayRangesSetting>>;

/** A ward: where visits are booked, with its own visiting hours and number of ward devices. */
export const wardSetting = z
  .object({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, 'must be 1 to 20 capital letters, digits or dashes'),
    name: placeName,
    status: z.enum(WARD_STATUSES).default('active'),
    /** `everyDay` and the days it does not fit; a named day wins. */
    visitingHours: z
      .object({ everyDay: dayRangesSetting.optional(), ...visitingHoursShape })
      .strict()
      .refine((hours) => Object.values(hours).some((ranges) => ranges !== undefined), 'must name at least one day or everyDay'),
    defaultVisitMinutes: wholeNumber(5, 240, 'minutes'),
    maxConcurrentVisits: wholeNumber(1, 50).describe('How many visits may run at once (ward devices)'),
    featureFlags: flagsSetting,
  })
  .strict();

export type WardSetting = z.output<typeof wardSetting>;

/** What the ward's own columns hold (its flags are rows of their own). */
export interface WardColumns {
  name: string;
  status: WardStatus;
  visitingHours: VisitingHours;
  defaultVisitMinutes: number;
  maxConcurrentVisits: number;
}

/** A ward's columns from its setting: the one place a setting becomes a ward. */
export function wardColumns(ward: Omit<WardSetting, 'code' | 'featureFlags'>): WardColumns {
  return {
    name: ward.name,
    status: ward.status,
    visitingHours: expandVisitingHours(ward.visitingHours),
    defaultVisitMinutes: ward.defaultVisitMinutes,
    maxConcurrentVisits: ward.maxConcurrentVisits,
  };
}

/** A ward as its setting is written: the other way from {@link wardColumns}. */
export function wardDocument(ward: WardColumns & { code: string }, featureFlags: WardSetting['featureFlags']): z.input<typeof wardSetting> {
  return {
    code: ward.code,
    name: ward.name,
    status: ward.status,
    visitingHours: compactHours(ward.visitingHours),
    defaultVisitMinutes: ward.defaultVisitMinutes,
    maxConcurrentVisits: ward.maxConcurrentVisits,
    featureFlags,
  };
}

/** Every day the same → everyDay; otherwise the days that have hours. */
function compactHours(hours: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const days = WEEKDAYS.map((day) => JSON.stringify(hours[day] ?? []));
  if (days.every((d) => d === days[0])) return { everyDay: [...(hours.monday ?? [])] };
  return Object.fromEntries(WEEKDAYS.filter((day) => (hours[day] ?? []).length).map((day) => [day, [...hours[day]]]));
}

/** The ward's settings `createWard` takes besides its hours (a new ward is active, with no flag overrides). */
export const newWardSetting = wardSetting.pick({ code: true, name: true, defaultVisitMinutes: true, maxConcurrentVisits: true });

/** A ward's settings the API shows as they are (its hours and flags are shown their own way). */
export const wardShown = wardSetting.pick({ code: true, name: true, status: true, defaultVisitMinutes: true, maxConcurrentVisits: true });

/** The ward's columns `updateWard` changes besides its hours. */
export const WARD_UPDATE_FIELDS = ['name', 'defaultVisitMinutes', 'maxConcurrentVisits'] as const;

/** `updateWard`'s settings besides its hours: any of them. */
export const wardUpdate = partialUpdate(wardSetting.pick({ name: true, defaultVisitMinutes: true, maxConcurrentVisits: true } satisfies Record<(typeof WARD_UPDATE_FIELDS)[number], true>));

/**
 * Visiting hours as the API takes them (a list of days, each given once), checked with the same
 * rules as a document's; problems are named by their place in the list.
 */
export function visitingHoursFromDays(days: readonly { day: Weekday; ranges: readonly string[] }[], problems: FieldProblem[]): Partial<Record<Weekday, string[]>> {
  const hours: Partial<Record<Weekday, string[]>> = {};
  // more entries than a week has days: one problem, not one per repeat
  if (days.length > WEEKDAYS.length) {
    problems.push({ field: 'visitingHours', message: `must list at most ${WEEKDAYS.length} days, each once` });
    return hours;
  }
  days.forEach((day, i) => {
    if (hours[day.day]) {
      problems.push({ field: `visitingHours.${i}.day`, message: 'is given twice: give each day once, with all its ranges' });
      return;
    }
    const result = dayRangesSetting.safeParse(day.ranges, { error: issueWords });
    if (!result.success) problems.push(...fieldProblems(result.error, `visitingHours.${i}.ranges`));
    hours[day.day] = [...day.ranges];
  });
  return hours;
}
