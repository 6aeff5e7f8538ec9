import type { VisitStatsObject } from './dto/visit-stats.object';
import { REPORT_TIME_ZONE } from './visit-stats.sql';

/** Columns of the CSV report: the GraphQL fields, flattened, plus the bucket's local date for spreadsheets. */
export const VISIT_STATS_CSV_COLUMNS = [
  'bucketStart',
  'bucketDate',
  'groupKind',
  'groupId',
  'groupCode',
  'groupName',
  'booked',
  'completed',
  'cancelled',
  'missed',
  'completionRate',
  'averageDurationSeconds',
  'medianDurationSeconds',
  'p90DurationSeconds',
  'messagesDelivered',
  'messagesFailed',
] as const;

/** The report zone's calendar date of an instant; one formatter for every row (a date library per row cost more than the rest of the CSV). */
const DATE_PARTS = new Intl.DateTimeFormat('en-GB', { timeZone: REPORT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
function localDate(at: Date): string {
  const part = Object.fromEntries(DATE_PARTS.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}`;
}

/** RFC 4180: comma-separated, CRLF line ends, a header row, quotes doubled inside quoted fields. */
export function renderVisitStatsCsv(rows: readonly VisitStatsObject[]): string {
  const lines = [VISIT_STATS_CSV_COLUMNS.join(',')];
  // a bucket's rows share its start: each start is written out once, not once a row
  const starts = new Map<number, string>();
  const startOf = (at: Date): string => {
    let written = starts.get(at.getTime());
    if (written === undefined) starts.set(at.getTime(), (written = `${at.toISOString()},${localDate(at)}`));
    return written;
  };
  for (const row of rows) {
    lines.push(
      [
        startOf(row.bucketStart),
        textCell(row.group.kind),
        textCell(row.group.id),
        textCell(row.group.code),
        textCell(row.group.name),
        numberCell(row.booked),
        numberCell(row.completed),
        numberCell(row.cancelled),
        numberCell(row.missed),
        numberCell(row.completionRate),
        numberCell(row.averageDurationSeconds),
        numberCell(row.medianDurationSeconds),
        numberCell(row.p90DurationSeconds),
        numberCell(row.messagesDelivered),
        numberCell(row.messagesFailed),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A text cell as a spreadsheet will not run: text starting with = + - @ (or a tab or carriage
 * return, which some spreadsheets skip before looking) is prefixed with ' so it stays text
 * (CSV formula injection), then quoted if it holds a comma, quote or line break.
 */
export function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function numberCell(value: number | null): string {
  return value === null ? '' : String(value);
}
