import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { FieldProblem } from '@vv/contracts';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { EARLIEST_INSTANT, LATEST_INSTANT, parseInstant as parseOffsetInstant } from '@vv/platform/graphql';
import { renderVisitStatsCsv } from './visit-stats.csv';
import { REPORT_TIME_ZONE, type StatsBucket, type StatsGrouping } from './visit-stats.sql';
import { VisitStatsService, type VisitStatsQuery } from './visit-stats.service';

interface CsvResponse {
  status(code: number): CsvResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/**
 * `GET /reports/visit-stats.csv?from=…&to=…&groupBy=…&bucket=…[&acrossGroup=true]`: the
 * numbers of `visitStats` as a spreadsheet download, with the same sign-in (bearer token,
 * X-Trust), the same rules and the same errors (as JSON with the HTTP status). `from` and
 * `to` are ISO 8601: an instant with its offset, read by the API's DateTime rules, or a date or
 * local time, read in Europe/London (`from=2026-03-01&to=2026-04-01` is March, whatever the
 * clocks do); a local time the clocks skip is refused, as are years outside 2000 to 2099.
 */
@Controller('reports')
export class VisitStatsCsvController {
  constructor(@Inject(VisitStatsService) private readonly stats: VisitStatsService) {}

  @Get('visit-stats.csv')
  @Access.can('read', 'Report')
  async visitStatsCsv(@CurrentCaller() caller: Caller, @Query() params: Record<string, unknown>, @Res() res: CsvResponse): Promise<void> {
    const { query, problems } = parseCsvQuery(params);
    const rows = await this.stats.visitStats(caller, query, problems);
    const period = `${localDate(query.from)}-to-${localDate(query.to)}`;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="visit-stats-${caller.trust?.odsCode ?? 'trust'}-${query.groupBy}-${query.bucket}-${period}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.status(200).send(renderVisitStatsCsv(rows));
  }
}

/** The link's parameters as a report query; what cannot be read is left for the service to name (it checks access first). */
export function parseCsvQuery(params: Record<string, unknown>): { query: VisitStatsQuery; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const single = (name: string): string | undefined => {
    const value = params[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      problems.push({ field: name, message: 'must be given once' });
      return undefined;
    }
    return value;
  };
  const across = single('acrossGroup');
  if (across !== undefined && across !== 'true' && across !== 'false') problems.push({ field: 'acrossGroup', message: 'must be true or false' });
  const instant = (name: 'from' | 'to'): Date => {
    const value = single(name);
    if (value === undefined) return new Date(Number.NaN); // missing (or given twice): the service or the line above names it
    const read = parseInstant(value);
    if (typeof read === 'string') problems.push({ field: name, message: read });
    return typeof read === 'string' ? new Date(Number.NaN) : read;
  };
  return {
    query: {
      from: instant('from'),
      to: instant('to'),
      groupBy: (single('groupBy')?.toLowerCase() ?? '') as StatsGrouping,
      bucket: (single('bucket')?.toLowerCase() ?? '') as StatsBucket,
      acrossGroup: across === 'true',
    },
    problems,
  };
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?)?$/;

/**
 * A date, or a date and time: with an offset, exactly as the API's DateTime scalar reads it;
 * without one, local time in Europe/London. The instant, or what is wrong with the text.
 */
function parseInstant(value: string): Date | string {
  if (value.length > 40) return 'must be a date (2026-03-01) or a date and time (2026-03-01T09:00:00Z)';
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(value) && value.includes('T')) {
    try {
      return parseOffsetInstant(value);
    } catch (error) {
      return (error as Error).message;
    }
  }
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return 'must be a date (2026-03-01) or a date and time (2026-03-01T09:00:00Z)';
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = match;
  const local = DateTime.fromObject(
    { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second) },
    { zone: REPORT_TIME_ZONE },
  );
  if (!local.isValid) return 'is not a real date (check the day of the month)';
  // luxon moves a time the clocks skip (01:30 on the last Sunday of March) an hour on; such a time is not one anybody meant
  if (local.hour !== Number(hour) || local.minute !== Number(minute)) return 'is a time that does not happen in London (the clocks go forward then)';
  const instant = local.toJSDate();
  if (instant < EARLIEST_INSTANT || instant >= LATEST_INSTANT) return 'must be between the years 2000 and 2099';
  return instant;
}

function localDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: REPORT_TIME_ZONE }).toFormat('yyyyMMdd');
}
