import { STATS_BUCKETS, STATS_GROUPINGS, visitStatsStatement } from '../visit-stats.sql';

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
const combinations = STATS_GROUPINGS.flatMap((groupBy) => STATS_BUCKETS.map((bucket) => [groupBy, bucket] as const));

describe('the visit statistics statement', () => {
  it.each(combinations)('by %s and %s names only aggregate columns', (groupBy, bucket) => {
    const { sql } = visitStatsStatement(groupBy, bucket);
    expect(sql).not.toMatch(PERSONAL);
    const referenced = [...sql.matchAll(/\b([a-z])\.([a-z_]+)\b/g)].map(([, alias, column]) => `${alias}.${column}`);
    expect(referenced.length).toBeGreaterThan(10);
    for (const column of referenced) {
      const [alias, name] = column.split('.');
      expect(ALLOWED[alias] ?? []).toContain(name);
    }
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
