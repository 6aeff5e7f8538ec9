import { reportStatement, rolledUpVisitStatsStatement, STATS_BUCKETS, STATS_GROUPINGS, visitStatsStatement, wholeDaysOf } from '../visit-stats.sql';

/**
 * The report's statement may read only what an aggregate needs. Every column it names,
 * for every grouping and bucket, is on this list; a personal column (patient or contact
 * details, cancel reason, the masked recipient, link hashes, room references) never is.
 */
const ALLOWED: Record<string, string[]> = {
  v: ['trust_id', 'id', 'ward_id', 'status', 'duration_seconds', 'scheduled_start'], // visit
  n: ['trust_id', 'visit_id', 'status'], // notification
  w: ['trust_id', 'id', 'hospital_id'], // ward
  s: ['trust_id', 'id', 'status', 'duration_seconds', 'group_id', 'bucket_start'], // the visits in range
  x: ['delivered', 'failed'], // one visit's messages
  c: ['bucket_start', 'group_id'], // visit counts
  m: ['bucket_start', 'group_id', 'delivered', 'failed'], // message counts
};
const PERSONAL = /patient|contact|cancel_reason|recipient|link|video|idempotency|booked_by|last_error|provider_id|sealed/;
/** Every `alias.column` the statement names is on its alias's list (and it names more than `atLeast`, so the check has something to check). */
function expectOnlyListedColumns(sql: string, allowed: Record<string, string[]>, atLeast: number): void {
  const referenced = [...sql.matchAll(/\b([a-z])\.([a-z_]+)\b/g)].map(([, alias, column]) => [alias, column]);
  expect(referenced.length).toBeGreaterThan(atLeast);
  for (const [alias, column] of referenced) expect(allowed[alias] ?? []).toContain(column);
}

const combinations = STATS_GROUPINGS.flatMap((groupBy) => STATS_BUCKETS.map((bucket) => [groupBy, bucket] as const));

describe('the visit statistics statement', () => {
  it.each(combinations)('by %s and %s names only aggregate columns', (groupBy, bucket) => {
    const { sql } = visitStatsStatement(groupBy, bucket);
    expect(sql).not.toMatch(PERSONAL);
    expectOnlyListedColumns(sql, ALLOWED, 10);
    // tables read: visit, notification and (for hospitals) ward; nothing else
    expect([...sql.matchAll(/\b(?:from|join)\s+([a-z_]+)/g)].map(([, table]) => table).filter((t) => !['scoped', 'visit_counts', 'message_counts', 'lateral'].includes(t)).sort()).toEqual(
      groupBy === 'hospital' ? ['notification', 'visit', 'ward'] : ['notification', 'visit'],
    );
  });

  it('takes the trusts and the range as bound parameters, never spliced into the text', () => {
    const statement = visitStatsStatement('ward', 'day');
    const trustIds = ['7d6f1f7e-8d7b-4a51-9a39-d1c6a0a0a001', '7d6f1f7e-8d7b-4a51-9a39-d1c6a0a0a002'];
    const params = statement.params({ trustIds, from: new Date('2026-03-28T00:00:00Z'), to: new Date('2026-03-30T23:00:00Z') });
    expect(params).toEqual([`{${trustIds.join(',')}}`, '2026-03-28T00:00:00.000Z', '2026-03-30T23:00:00.000Z']);
    expect(statement.sql.split('?')).toHaveLength(params.length + 1);
  });

  it('buckets in Europe/London by the unit asked for', () => {
    expect(visitStatsStatement('trust', 'week').sql).toContain("date_trunc('week', v.scheduled_start, 'Europe/London')");
    expect(visitStatsStatement('trust', 'month').sql).toContain("date_trunc('month', v.scheduled_start, 'Europe/London')");
  });

  it('refuses a grouping or bucket it does not know rather than splice it in', () => {
    expect(() => visitStatsStatement('patient_name' as never, 'day')).toThrow();
    expect(() => visitStatsStatement('ward', "day'); drop table visit; --" as never)).toThrow();
  });
});

/** The same for the statement reports run: the daily rollups, and the visits of the parts of a day at either end. */
const ROLLED_UP_ALLOWED: Record<string, string[]> = {
  v: ['trust_id', 'id', 'ward_id', 'status', 'duration_seconds', 'scheduled_start'], // visit
  r: ['trust_id', 'day', 'ward_id', 'booked', 'completed', 'cancelled', 'missed', 'duration_seconds_total', 'duration_minutes', 'duration_counts', 'delivered', 'failed'], // visit_day_stats, message_day_stats
  e: ['trust_id', 'id', 'ward_id', 'status', 'duration_seconds', 'day'], // the visits in the parts of a day
  n: ['trust_id', 'visit_id', 'status', 'delivered', 'failed'], // notification, and one visit's messages
  d: ['bucket', 'group_id', 'booked', 'completed', 'cancelled', 'missed', 'seconds', 'minutes', 'visits'], // the days in range, by bucket and group
  w: ['trust_id', 'id', 'hospital_id'], // ward
  h: ['bucket', 'group_id', 'minute', 'visits'], // the durations histogram: visits per whole minute
  c: ['bucket', 'group_id', 'booked', 'completed', 'cancelled', 'missed', 'completion_rate', 'seconds'],
  x: ['bucket', 'group_id', 'minutes', 'visits'], // the same as two arrays for each bucket and group
  m: ['bucket', 'group_id', 'delivered', 'failed'],
};

describe('the statement reports run, from the daily rollups', () => {
  it.each(combinations)('by %s and %s names only aggregate columns', (groupBy, bucket) => {
    const { sql } = rolledUpVisitStatsStatement(groupBy, bucket);
    expect(sql).not.toMatch(PERSONAL);
    expectOnlyListedColumns(sql, ROLLED_UP_ALLOWED, 20);
    const tables = [...sql.matchAll(/\b(?:from|join)\s+([a-z_]+)/g)].map(([, table]) => table).filter((t) => !['edge', 'days', 'messages', 'visit_counts', 'minutes', 'histograms', 'message_counts', 'lateral'].includes(t));
    expect([...new Set(tables)].sort()).toEqual(
      groupBy === 'hospital' ? ['message_day_stats', 'notification', 'visit', 'visit_day_stats', 'ward'] : ['message_day_stats', 'notification', 'visit', 'visit_day_stats'],
    );
  });

  it('takes the trusts, the range and its whole days as bound parameters', () => {
    const statement = rolledUpVisitStatsStatement('hospital', 'week');
    const trustIds = ['7d6f1f7e-8d7b-4a51-9a39-d1c6a0a0a001'];
    const params = statement.params({ trustIds, from: new Date('2026-03-28T10:00:00Z'), to: new Date('2026-03-31T00:00:00+01:00') });
    expect(params).toEqual([
      `{${trustIds[0]}}`,
      '2026-03-28T10:00:00.000Z',
      '2026-03-29T00:00:00.000Z',
      '2026-03-30T23:00:00.000Z',
      '2026-03-30T23:00:00.000Z',
      `{${trustIds[0]}}`,
      '2026-03-29',
      '2026-03-31',
      `{${trustIds[0]}}`,
      '2026-03-29',
      '2026-03-31',
    ]);
    expect(statement.sql.split('?')).toHaveLength(params.length + 1);
  });

  it('buckets the rollup days in Europe/London by the unit asked for', () => {
    const { sql } = rolledUpVisitStatsStatement('trust', 'month');
    expect(sql).toContain("date_trunc('month', r.day::timestamp)");
    expect(sql).toContain("c.bucket at time zone 'Europe/London' as bucket_start");
  });

  it('refuses a grouping or bucket it does not know', () => {
    expect(() => rolledUpVisitStatsStatement('patient_name' as never, 'day')).toThrow();
    expect(() => rolledUpVisitStatsStatement('ward', "day'); drop table visit; --" as never)).toThrow();
  });
});

/** The same for a ward-by-day report of whole days, read straight from the rollup rows. */
const WARD_DAYS_ALLOWED: Record<string, string[]> = {
  r: ['trust_id', 'day', 'ward_id', 'booked', 'completed', 'cancelled', 'missed', 'duration_seconds_total', 'duration_minutes', 'duration_counts'], // visit_day_stats
  m: ['trust_id', 'day', 'ward_id', 'delivered', 'failed'], // message_day_stats
};

describe('the statement of a ward-by-day report of whole days', () => {
  const trustIds = ['7d6f1f7e-8d7b-4a51-9a39-d1c6a0a0a001'];
  // local midnights either side of the spring clock change, as the console asks
  const wholeDays = { from: new Date('2026-03-28T00:00:00Z'), to: new Date('2026-03-31T00:00:00+01:00') };
  const general = (groupBy: Parameters<typeof rolledUpVisitStatsStatement>[0], bucket: Parameters<typeof rolledUpVisitStatsStatement>[1]) => rolledUpVisitStatsStatement(groupBy, bucket).sql;

  it('reads the rollup rows of the range and names only aggregate columns', () => {
    const { sql } = reportStatement('ward', 'day', wholeDays);
    expect(sql).not.toBe(general('ward', 'day'));
    expect(sql).not.toMatch(PERSONAL);
    expectOnlyListedColumns(sql, WARD_DAYS_ALLOWED, 20);
    const tables = [...sql.matchAll(/\b(?:from|join)\s+([a-z_]+)/g)].map(([, table]) => table);
    expect([...new Set(tables)].sort()).toEqual(['message_day_stats', 'visit_day_stats']);
  });

  it('takes the trusts and the whole days as bound parameters', () => {
    const statement = reportStatement('ward', 'day', wholeDays);
    const params = statement.params({ trustIds, ...wholeDays });
    expect(params).toEqual([`{${trustIds[0]}}`, '2026-03-28', '2026-03-31']);
    expect(statement.sql.split('?')).toHaveLength(params.length + 1);
  });

  it('is chosen only for whole local days by ward and day; anything else merges the rollups', () => {
    const autumn = { from: new Date('2026-10-24T00:00:00+01:00'), to: new Date('2026-10-27T00:00:00Z') };
    expect(reportStatement('ward', 'day', autumn).sql).not.toBe(general('ward', 'day'));
    // a part of a day at either end, a UTC midnight in summer, no whole day at all
    for (const range of [
      { from: new Date('2026-03-28T10:00:00Z'), to: wholeDays.to },
      { from: wholeDays.from, to: new Date('2026-03-30T23:30:00Z') },
      { from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-03T00:00:00Z') },
      { from: new Date('2026-06-01T12:00:00Z'), to: new Date('2026-06-02T12:00:00Z') },
    ]) {
      expect(reportStatement('ward', 'day', range).sql).toBe(general('ward', 'day'));
    }
    for (const [groupBy, bucket] of combinations.filter(([g, b]) => g !== 'ward' || b !== 'day')) {
      expect(reportStatement(groupBy, bucket, wholeDays).sql).toBe(general(groupBy, bucket));
    }
  });
});

describe('the whole days of a range (Europe/London)', () => {
  it('are all of it when it runs from local midnight to local midnight, across the clock changes', () => {
    expect(wholeDaysOf(new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00+01:00'))).toEqual({
      firstDay: '2026-03-28',
      endDay: '2026-03-31',
      start: new Date('2026-03-28T00:00:00Z'),
      end: new Date('2026-03-30T23:00:00Z'),
    });
    expect(wholeDaysOf(new Date('2026-10-24T00:00:00+01:00'), new Date('2026-10-27T00:00:00Z'))).toMatchObject({ firstDay: '2026-10-24', endDay: '2026-10-27' });
  });

  it('leave out the parts of a day at either end', () => {
    expect(wholeDaysOf(new Date('2026-06-01T12:00:00Z'), new Date('2026-06-04T12:00:00Z'))).toEqual({
      firstDay: '2026-06-02',
      endDay: '2026-06-04',
      start: new Date('2026-06-01T23:00:00Z'),
      end: new Date('2026-06-03T23:00:00Z'),
    });
  });

  it('are none when the range is inside a day or two, and then the whole range is counted from the visits', () => {
    const to = new Date('2026-06-02T12:00:00Z');
    expect(wholeDaysOf(new Date('2026-06-01T12:00:00Z'), to)).toEqual({ firstDay: '2026-06-02', endDay: '2026-06-02', start: to, end: to });
    expect(wholeDaysOf(new Date('2026-06-01T01:00:00Z'), new Date('2026-06-01T02:00:00Z'))).toMatchObject({ start: new Date('2026-06-01T02:00:00Z'), end: new Date('2026-06-01T02:00:00Z') });
  });
});
