import { DateTime } from 'luxon';
import { NHS_TIME_ZONE } from '@vv/ui/nhsuk';
import type { FieldProblem } from '../api/console-api';
import type { StatsBucket, StatsGrouping } from '../api/generated';

/**
 * The groupings and periods a report offers: `value` is what the page's address and the CSV
 * export's say (?groupBy=ward, as the platform stores it), `api` the GraphQL enum value.
 */
export const GROUPINGS: readonly { value: string; api: StatsGrouping; text: string; column: string; needsGroupRole?: boolean }[] = [
  { value: 'ward', api: 'WARD', text: 'Ward', column: 'Ward' },
  { value: 'hospital', api: 'HOSPITAL', text: 'Hospital', column: 'Hospital' },
  { value: 'trust', api: 'TRUST', text: 'Trust', column: 'Trust' },
  { value: 'group', api: 'GROUP', text: 'Trust group', column: 'Trust group', needsGroupRole: true },
];

export const BUCKETS: readonly { value: string; api: StatsBucket; text: string }[] = [
  { value: 'day', api: 'DAY', text: 'Day' },
  { value: 'week', api: 'WEEK', text: 'Week (from Monday)' },
  { value: 'month', api: 'MONTH', text: 'Month' },
];

/** The report form's fields as the page names them (the API's names where they are the same), with labels and anchors. */
export const REPORT_FIELDS: Record<string, { label: string; anchor: string }> = {
  from: { label: 'From', anchor: 'from-day' },
  to: { label: 'To', anchor: 'to-day' },
  groupBy: { label: 'Show figures for each', anchor: 'groupBy' },
  bucket: { label: 'Period', anchor: 'bucket' },
  acrossGroup: { label: 'Whose visits', anchor: 'acrossGroup' },
};

export interface ReportFormValues {
  from: { day: string; month: string; year: string };
  to: { day: string; month: string; year: string };
  groupBy: string;
  bucket: string;
  acrossGroup: boolean;
}

export interface ReportQuery {
  /** Local midnight at the start of the first day, with its offset. */
  from: string;
  /** Local midnight after the last day (the API's `to` is exclusive). */
  to: string;
  groupBy: StatsGrouping;
  bucket: StatsBucket;
  acrossGroup: boolean;
  /** The same report as the CSV link's query string (dates in Europe/London, as the CSV address reads them). */
  csvQuery: string;
}

/** The last four weeks up to today (the console's clock), by ward and week: what the page opens with. */
export function defaultReportValues(today: Date): ReportFormValues {
  const to = DateTime.fromJSDate(today, { zone: NHS_TIME_ZONE }).startOf('day');
  const from = to.minus({ days: 27 });
  return { from: dateFields(from), to: dateFields(to), groupBy: 'ward', bucket: 'week', acrossGroup: false };
}

function dateFields(date: DateTime) {
  return { day: String(date.day), month: String(date.month), year: String(date.year) };
}

/** The form as sent (a GET: the address is the report, so it can be bookmarked and works without JavaScript). */
export function reportValues(query: Record<string, unknown>, today: Date): ReportFormValues {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  if (!Object.keys(query).length) return defaultReportValues(today);
  return {
    from: { day: text('from[day]'), month: text('from[month]'), year: text('from[year]') },
    to: { day: text('to[day]'), month: text('to[month]'), year: text('to[year]') },
    groupBy: text('groupBy'),
    bucket: text('bucket'),
    acrossGroup: text('acrossGroup') === 'true',
  };
}

function localDate(fields: { day: string; month: string; year: string }, field: 'from' | 'to'): { date?: DateTime; problem?: FieldProblem } {
  const [day, month, year] = [fields.day, fields.month, fields.year].map((v) => (/^\d+$/.test(v) ? Number(v) : Number.NaN));
  if (!fields.day || !fields.month || !fields.year) return { problem: { field, message: 'must include a day, month and year' } };
  if (fields.year.length !== 4) return { problem: { field, message: 'must include a year with 4 numbers' } };
  const date = DateTime.fromObject({ year, month, day }, { zone: NHS_TIME_ZONE });
  if (!date.isValid || date.day !== day || date.month !== month) return { problem: { field, message: 'must be a real date' } };
  return { date };
}

/** What the form asks for as a report, or the problems with it, each naming its field. */
export function reportQuery(values: ReportFormValues): { query?: ReportQuery; problems: FieldProblem[] } {
  const from = localDate(values.from, 'from');
  const to = localDate(values.to, 'to');
  const problems = [from.problem, to.problem].filter((p): p is FieldProblem => Boolean(p));
  if (from.date && to.date && to.date < from.date) problems.push({ field: 'to', message: 'must be the same as or after the from date' });
  const grouping = GROUPINGS.find((g) => g.value === values.groupBy);
  if (!grouping) problems.push({ field: 'groupBy', message: 'must be ward, hospital, trust or trust group' });
  const bucket = BUCKETS.find((b) => b.value === values.bucket);
  if (!bucket) problems.push({ field: 'bucket', message: 'must be day, week or month' });
  if (problems.length || !from.date || !to.date || !grouping || !bucket) return { problems };
  const end = to.date.plus({ days: 1 });
  const csv = new URLSearchParams({ from: from.date.toISODate()!, to: end.toISODate()!, groupBy: grouping.value, bucket: bucket.value });
  if (values.acrossGroup) csv.set('acrossGroup', 'true');
  return {
    problems,
    query: {
      from: from.date.toISO({ suppressMilliseconds: true })!,
      to: end.toISO({ suppressMilliseconds: true })!,
      groupBy: grouping.api,
      bucket: bucket.api,
      acrossGroup: values.acrossGroup,
      csvQuery: csv.toString(),
    },
  };
}

/** A bucket's start as people say it: "10 Jun", "w/c 8 Jun", "June 2026" (Europe/London). */
export function bucketLabel(bucketStart: string, bucket: StatsBucket, withYear: boolean): string {
  const start = DateTime.fromISO(bucketStart, { zone: NHS_TIME_ZONE });
  if (bucket === 'MONTH') return start.toFormat('LLLL yyyy');
  const date = start.toFormat(withYear ? 'd LLL yyyy' : 'd LLL');
  return bucket === 'WEEK' ? `w/c ${date}` : date;
}
