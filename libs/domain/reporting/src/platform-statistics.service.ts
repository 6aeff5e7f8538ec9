import { Inject, Injectable } from '@nestjs/common';
import { BadUserInputError, type FieldProblem } from '@vv/contracts';
import type { Caller } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { TrustDirectory } from '@vv/domain/trusts';
import { ReportForbiddenError } from './reporting.exception';
import { PLATFORM_MONTHS_SQL, PLATFORM_WARDS_SQL, platformMonthsParams, type PlatformMonthSqlRow } from './platform-statistics.sql';
import type { PlatformStatisticsObject, PlatformStatisticsTrustObject } from './dto/platform-statistics.object';

/** The most months one request may cover. */
export const MAX_PLATFORM_MONTHS = 24;
const MONTH = /^(20\d\d)-(0[1-9]|1[0-2])$/;

/**
 * Platform statistics for the central team (`read PlatformStatistics`): every trust with its
 * wards, and per trust and month its visits and messages, from the daily rollups through the
 * reviewed cross-trust path (`acrossTrustsSql`, read-only, the trusts it names). Counts only.
 */
@Injectable()
export class PlatformStatisticsService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly directory: TrustDirectory,
  ) {}

  async statistics(caller: Caller, fromMonth: string, toMonth: string): Promise<PlatformStatisticsObject> {
    if (!caller.ability.can('read', 'PlatformStatistics')) throw new ReportForbiddenError('Only the central team reads platform statistics');
    const problems = monthProblems(fromMonth, toMonth);
    if (problems.length) throw new BadUserInputError(problems);

    await this.directory.ready();
    const entries = [...this.directory.all()].sort((a, b) => byName.compare(a.name, b.name));
    if (!entries.length) return { fromMonth, toMonth, trusts: [], months: [] };
    const ids = entries.map((t) => t.id);
    // one round trip: BEGIN, the settings, both statements and COMMIT together
    const [wards, months] = await this.db.acrossTrustsSql(ids, (sql) =>
      sql.commitWith<[{ trust_id: string; wards: number }, PlatformMonthSqlRow]>([
        { text: PLATFORM_WARDS_SQL, values: [`{${ids.join(',')}}`] },
        { text: PLATFORM_MONTHS_SQL, values: platformMonthsParams(ids, fromMonth, toMonth) },
      ]),
    );
    const wardsOf = new Map(wards.map((row) => [row.trust_id, Number(row.wards)]));
    const trusts = new Map<string, PlatformStatisticsTrustObject>(
      entries.map((t) => [t.id, { id: t.id, odsCode: t.odsCode, name: t.name, status: t.status, wards: wardsOf.get(t.id) ?? 0 }]),
    );
    const order = new Map(ids.map((id, i) => [id, i]));
    return {
      fromMonth,
      toMonth,
      trusts: [...trusts.values()],
      months: months
        .filter((row) => trusts.has(row.trust_id))
        .sort((a, b) => a.month.localeCompare(b.month) || order.get(a.trust_id)! - order.get(b.trust_id)!)
        .map((row) => ({
          month: row.month,
          trust: trusts.get(row.trust_id)!,
          wardsWithVisits: Number(row.wards_with_visits),
          booked: Number(row.booked),
          completed: Number(row.completed),
          cancelled: Number(row.cancelled),
          missed: Number(row.missed),
          messagesDelivered: Number(row.messages_delivered),
          messagesFailed: Number(row.messages_failed),
        })),
    };
  }
}

const byName = new Intl.Collator('en-GB');

/** Problems with a range of months (yyyy-mm, both included), each naming its field. */
export function monthProblems(fromMonth: string, toMonth: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!MONTH.test(fromMonth)) problems.push({ field: 'fromMonth', message: 'must be a month such as 2026-01' });
  if (!MONTH.test(toMonth)) problems.push({ field: 'toMonth', message: 'must be a month such as 2026-12' });
  if (problems.length) return problems;
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  const span = index(toMonth) - index(fromMonth) + 1;
  if (span < 1) problems.push({ field: 'toMonth', message: 'must be the same as the first month or later' });
  else if (span > MAX_PLATFORM_MONTHS) problems.push({ field: 'toMonth', message: `must be at most ${MAX_PLATFORM_MONTHS} months after the first month` });
  return problems;
}
