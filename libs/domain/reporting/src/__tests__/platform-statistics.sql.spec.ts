import { PLATFORM_MONTHS_SQL, PLATFORM_WARDS_SQL, platformMonthsParams } from '../platform-statistics.sql';
import { monthProblems } from '../platform-statistics.service';

/** The central team's statistics read counts only: every column they name is on this list. */
const ALLOWED: Record<string, string[]> = {
  r: ['trust_id', 'day', 'ward_id', 'booked', 'completed', 'cancelled', 'missed'], // visit_day_stats
  m: ['trust_id', 'day', 'delivered', 'failed'], // message_day_stats
  v: ['trust_id', 'month', 'wards_with_visits', 'booked', 'completed', 'cancelled', 'missed'], // visits per trust and month
  x: ['trust_id', 'month', 'delivered', 'failed'], // messages per trust and month
  w: ['trust_id', 'status'], // ward
};
const PERSONAL = /patient|contact|cancel_reason|recipient|link|video|idempotency|booked_by|last_error|provider_id|sealed|email|display_name|durations/;

describe('the platform statistics statements', () => {
  it.each([
    ['per trust and month', PLATFORM_MONTHS_SQL, ['message_day_stats', 'visit_day_stats']],
    ['of wards', PLATFORM_WARDS_SQL, ['ward']],
  ])('%s name only counting columns of the rollups and wards', (_name, sql, tables) => {
    expect(sql).not.toMatch(PERSONAL);
    const referenced = [...sql.matchAll(/\b([a-z])\.([a-z_]+)\b/g)].map(([, alias, column]) => [alias, column]);
    expect(referenced.length).toBeGreaterThan(2);
    for (const [alias, column] of referenced) expect({ alias, column, allowed: (ALLOWED[alias] ?? []).includes(column) }).toEqual({ alias, column, allowed: true });
    const read = [...sql.matchAll(/\b(?:from|join)\s+([a-z_]+)/g)].map(([, table]) => table).filter((t) => !['visits', 'messages'].includes(t));
    expect([...new Set(read)].sort()).toEqual(tables);
    expect(sql).not.toContain('${');
  });

  it('take the trusts and the months as bound parameters, the last month included', () => {
    const trusts = ['7d6f1f7e-8d7b-4a51-9a39-d1c6a0a0a001', '7d6f1f7e-8d7b-4a51-9a39-d1c6a0a0a002'];
    expect(platformMonthsParams(trusts, '2026-01', '2026-12')).toEqual([`{${trusts.join(',')}}`, '2026-01-01', '2027-01-01']);
    expect(platformMonthsParams(trusts, '2026-03', '2026-03')).toEqual([`{${trusts.join(',')}}`, '2026-03-01', '2026-04-01']);
  });
});

describe('a range of months', () => {
  it('is one month or more, at most 24, each a real month', () => {
    expect(monthProblems('2026-01', '2026-01')).toEqual([]);
    expect(monthProblems('2025-01', '2026-12')).toEqual([]);
    expect(monthProblems('2024-12', '2026-12')).toEqual([{ field: 'toMonth', message: 'must be at most 24 months after the first month' }]);
    expect(monthProblems('2026-02', '2026-01')).toEqual([{ field: 'toMonth', message: 'must be the same as the first month or later' }]);
    expect(monthProblems('2026-00', '26-1')).toEqual([
      { field: 'fromMonth', message: 'must be a month such as 2026-01' },
      { field: 'toMonth', message: 'must be a month such as 2026-12' },
    ]);
  });
});
