import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { FieldProblem } from '@vv/contracts';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
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
 * `to` are ISO 8601: an instant with its offset, or a date or local time, read in Europe/London
 * (`from=2026-03-01&to=2026-04-01` is March, whatever the clocks do).
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
  return {
    query: {
      from: parseInstant(single('from')),
      to: parseInstant(single('to')),
      groupBy: (single('groupBy')?.toLowerCase() ?? '') as StatsGrouping,
      bucket: (single('bucket')?.toLowerCase() ?? '') as StatsBucket,
      acrossGroup: across === 'true',
    },
    problems,
  };
}

/** An ISO 8601 date or date and time; without an offset it is local time in Europe/London. Unreadable: an invalid date. */
function parseInstant(value: string | undefined): Date {
  if (!value || !/^\d{4}-\d{2}-\d{2}(T.+)?$/.test(value)) return new Date(Number.NaN);
  const parsed = DateTime.fromISO(value, { zone: REPORT_TIME_ZONE });
  return parsed.isValid ? parsed.toJSDate() : new Date(Number.NaN);
}

function localDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: REPORT_TIME_ZONE }).toFormat('yyyyMMdd');
}
