import { WEEKDAYS, type VisitingHours, type Weekday } from '@vv/contracts';

/** Expands the configuration's `everyDay` shorthand into hours for each weekday (a named day wins). */
export function expandVisitingHours(config: Partial<Record<Weekday | 'everyDay', readonly string[] | undefined>>): VisitingHours {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, [...(config[day] ?? config.everyDay ?? [])]])) as unknown as VisitingHours;
}
