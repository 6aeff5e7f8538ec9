import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { BadUserInputError, type FieldProblem } from '@vv/contracts';
import { requireActiveTrust, ROLE_GRANTS, scoped, type Caller, type HeldRole } from '@vv/platform/access';
import { TenantDatabase, type SqlStatement, type TrustSql } from '@vv/platform/database';
import type { ActiveTrust } from '@vv/platform/tenancy';
import { TrustDirectory } from '@vv/domain/trusts';
import { ReportForbiddenError } from './reporting.exception';
import { REPORT_SETTINGS_SQL, STATS_BUCKETS, STATS_GROUPINGS, reportRowOf, reportStatement, type RolledUpStatsSqlRow, type StatsBucket, type StatsGrouping, type VisitStatsSqlRow } from './visit-stats.sql';
import type { VisitStatsGroupObject, VisitStatsObject } from './dto/visit-stats.object';

/** The longest range one report may cover. */
export const MAX_REPORT_YEARS = 2;
/** The most rows one report may return; past it, ask for larger buckets, a shorter range or a coarser grouping. */
export const MAX_REPORT_ROWS = 50_000;

export interface VisitStatsQuery {
  /** Visits scheduled to start at or after this instant... */
  readonly from: Date;
  /** ...and before this one. */
  readonly to: Date;
  readonly groupBy: StatsGrouping;
  readonly bucket: StatsBucket;
  /** Every trust of the active trust's group the caller holds a group role for (implied by groupBy group). */
  readonly acrossGroup?: boolean;
}

/** Whose visits a report counts: the active trust, or the trusts of its group the caller reaches with a group role. */
type ReportScope = { kind: 'trust'; trust: ActiveTrust } | { kind: 'group'; groupId: string; trustIds: string[] };

/**
 * Visit statistics for reporting analysts and admins: counts, completion rate, durations
 * and message outcomes by ward, hospital, trust or group and by day, week or month. Reads
 * aggregates only (see visit-stats.sql.ts), never a visit's personal data, and reads across
 * trusts only through `TenantDatabase.acrossTrusts`, for the trusts a group role reaches.
 */
@Injectable()
export class VisitStatsService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly trusts: TrustDirectory,
  ) {}

  /** `inputProblems`: what the caller's transport already found wrong (e.g. a CSV link's parameters), reported with the rest. */
  async visitStats(caller: Caller, query: VisitStatsQuery, inputProblems: readonly FieldProblem[] = []): Promise<VisitStatsObject[]> {
    const scope = await this.scopeFor(caller, query);
    // a field the caller's transport already found wrong is named once, in its words
    const named = new Set(inputProblems.map((problem) => problem.field));
    const problems = [...inputProblems, ...checkQuery(query).filter((problem) => !named.has(problem.field))];
    if (problems.length) throw new BadUserInputError(problems);

    const statement = reportStatement(query.groupBy, query.bucket, query);
    const trustIds = scope.kind === 'trust' ? [scope.trust.trustId] : scope.trustIds;
    // plain SQL in the tenant's transaction, one round trip: BEGIN and the settings, the report's memory and JIT,
    // the report, the names of the places it may count, and COMMIT are sent together
    const read = async (sql: TrustSql): Promise<VisitStatsObject[]> => {
      const places = placesStatement(query.groupBy, scope, trustIds);
      const statements: SqlStatement[] = [
        { text: REPORT_SETTINGS_SQL },
        // no LIMIT: it would steer the planner to a nested-loop plan that is fast to start and very slow to finish
        { text: numbered(statement.sql), values: statement.params({ trustIds, from: query.from, to: query.to }) },
        ...(places ? [places] : []),
      ];
      const [, rolledUp, placeRows = []] = (await sql.commitWith(statements)) as [unknown[], RolledUpStatsSqlRow[], PlaceRow[]?];
      if (rolledUp.length > MAX_REPORT_ROWS) {
        throw new BadUserInputError([{ field: 'bucket', message: `the report would have more than ${MAX_REPORT_ROWS} rows; choose larger buckets, a shorter range or a coarser grouping` }]);
      }
      const rows = rolledUp.map(reportRowOf);
      const groups = this.groupsOf(query.groupBy, rows, placeRows);
      return rows.map((row) => toObject(row, groups.get(row.group_id ?? '') ?? unknownGroup(query.groupBy, row.group_id)));
    };
    return inReportOrder(scope.kind === 'trust' ? await this.db.inTrustSql(scope.trust, read) : await this.db.acrossTrustsSql(scope.trustIds, read));
  }

  /**
   * Reports need `read Report` in the active trust. Across the group (groupBy group, or
   * acrossGroup) they need it from a group-scoped role, and reach only the trusts of the
   * active trust's group that such a role covers.
   */
  private async scopeFor(caller: Caller, query: VisitStatsQuery): Promise<ReportScope> {
    const active = requireActiveTrust(caller);
    if (!caller.ability.can('read', scoped('Report', { trustId: active.trustId }))) {
      throw new ReportForbiddenError('You do not have permission to read reports in this trust');
    }
    if (query.groupBy !== 'group' && !query.acrossGroup) return { kind: 'trust', trust: active };

    await this.trusts.ready();
    const groupId = this.trusts.byId(active.trustId)?.groupId;
    const groupRoles = caller.roles.filter((held) => held.scope === 'group' && readsReports(held) && held.trustIds.includes(active.trustId));
    if (!groupId || groupRoles.length === 0) {
      throw new ReportForbiddenError('Reports across a trust group need a group role (reporting analyst or group admin of the group)');
    }
    const members = new Set(this.trusts.ofGroup(groupId).map((t) => t.id));
    const trustIds = [...new Set(groupRoles.flatMap((held) => held.trustIds))].filter((id) => members.has(id)).sort();
    return { kind: 'group', groupId, trustIds };
  }

  /** Names of the places the rows count (places, never people): read with the report, or the trust directory's. */
  private groupsOf(groupBy: StatsGrouping, rows: VisitStatsSqlRow[], places: PlaceRow[]): Map<string, VisitStatsGroupObject> {
    const groups = new Map<string, VisitStatsGroupObject>();
    const kind = groupBy;
    if (groupBy === 'group') {
      const [group] = places;
      if (group && rows.length) groups.set('', { kind, id: group.id, code: group.code, name: group.name });
      return groups;
    }
    if (groupBy === 'trust') {
      for (const row of rows) {
        const trust = row.group_id ? this.trusts.byId(row.group_id) : undefined;
        if (trust) groups.set(trust.id, { kind, id: trust.id, code: trust.odsCode, name: trust.name });
      }
      return groups;
    }
    for (const place of places) groups.set(place.id, { kind, id: place.id, code: place.code, name: place.name });
    return groups;
  }
}

interface PlaceRow {
  id: string;
  code: string;
  name: string;
}

/**
 * The statement naming every place a report may count, sent with the report itself (so it
 * cannot name only those the rows hold): the scope's wards or hospitals, or the group; none
 * for trusts, which the trust directory names.
 */
function placesStatement(groupBy: StatsGrouping, scope: ReportScope, trustIds: readonly string[]): SqlStatement | null {
  if (groupBy === 'ward') {
    return {
      text: `select w.id, h.site_code || '/' || w.code as code, w.name from ward w join hospital h on h.trust_id = w.trust_id and h.id = w.hospital_id where w.trust_id = any ($1::uuid[])`,
      values: [trustIds],
    };
  }
  if (groupBy === 'hospital') return { text: 'select id, site_code as code, name from hospital where trust_id = any ($1::uuid[])', values: [trustIds] };
  if (groupBy === 'group' && scope.kind === 'group') return { text: 'select id, code, name from trust_group where id = $1', values: [scope.groupId] };
  return null;
}

/** The statement's `?` placeholders as node-pg's `$1, $2, ...` (the statements hold no other question mark). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
}

/** Rows of one bucket are in the order of their places' names. */
const byName = new Intl.Collator('en-GB');

/** Rows by bucket, then by their places' names (then ids): the places collated once each, not at every comparison of rows. */
function inReportOrder(rows: VisitStatsObject[]): VisitStatsObject[] {
  const places = [...new Map(rows.map((row) => [row.group.id, row.group])).values()].sort((a, b) => byName.compare(a.name, b.name) || byName.compare(a.id, b.id));
  const rank = new Map(places.map((place, i) => [place.id, i]));
  return rows.sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime() || rank.get(a.group.id)! - rank.get(b.group.id)!);
}

function readsReports(held: HeldRole): boolean {
  return ROLE_GRANTS[held.role].some((grant) => grant.subject === 'Report' && grant.actions.includes('read'));
}

/** Problems with a report's input, each naming its field. */
export function checkQuery(query: VisitStatsQuery): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const validFrom = query.from instanceof Date && !Number.isNaN(query.from.getTime());
  const validTo = query.to instanceof Date && !Number.isNaN(query.to.getTime());
  if (!validFrom) problems.push({ field: 'from', message: 'must be a date and time, e.g. 2026-03-01T00:00:00Z' });
  if (!validTo) problems.push({ field: 'to', message: 'must be a date and time, e.g. 2026-04-01T00:00:00+01:00' });
  if (validFrom && validTo) {
    if (query.to <= query.from) problems.push({ field: 'to', message: 'must be after from' });
    else if (query.to > DateTime.fromJSDate(query.from, { zone: 'utc' }).plus({ years: MAX_REPORT_YEARS }).toJSDate()) {
      problems.push({ field: 'to', message: `must be at most ${MAX_REPORT_YEARS} years after from` });
    }
  }
  if (!(STATS_GROUPINGS as readonly string[]).includes(query.groupBy)) problems.push({ field: 'groupBy', message: `must be one of ${STATS_GROUPINGS.join(', ')}` });
  if (!(STATS_BUCKETS as readonly string[]).includes(query.bucket)) problems.push({ field: 'bucket', message: `must be one of ${STATS_BUCKETS.join(', ')}` });
  return problems;
}

function toObject(row: VisitStatsSqlRow, group: VisitStatsGroupObject): VisitStatsObject {
  return {
    bucketStart: toDate(row.bucket_start),
    group,
    booked: Number(row.booked),
    completed: Number(row.completed),
    cancelled: Number(row.cancelled),
    missed: Number(row.missed),
    completionRate: nullableNumber(row.completion_rate),
    averageDurationSeconds: nullableNumber(row.average_duration_seconds),
    medianDurationSeconds: nullableNumber(row.median_duration_seconds),
    p90DurationSeconds: nullableNumber(row.p90_duration_seconds),
    messagesDelivered: Number(row.messages_delivered),
    messagesFailed: Number(row.messages_failed),
  };
}

/** A place whose row the caller's transaction cannot read (it cannot happen under RLS, but never guess a name). */
function unknownGroup(groupBy: StatsGrouping, id: string | null): VisitStatsGroupObject {
  return { kind: groupBy, id: id ?? '', code: '', name: '' };
}

function nullableNumber(value: number | string | null): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** PostgreSQL's ISO text for a timestamp (`2026-03-01 00:00:00+00`; no offset means UTC). */
const SQL_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)(?:([+-]\d\d)(?::?(\d\d))?)?$/;

/** A row's instant, without a general date parser per row. */
function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  const parts = SQL_TIMESTAMP.exec(value);
  if (!parts) return DateTime.fromSQL(value, { zone: 'utc' }).toJSDate();
  const [, date, time, hours, minutes] = parts;
  return new Date(`${date}T${time}${hours ? `${hours}:${minutes ?? '00'}` : 'Z'}`);
}
