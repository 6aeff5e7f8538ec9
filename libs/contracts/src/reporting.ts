/** What a row of visit statistics counts: a ward, hospital, trust or trust group. */
export const STATS_GROUPINGS = ['ward', 'hospital', 'trust', 'group'] as const;
export type StatsGrouping = (typeof STATS_GROUPINGS)[number];

/** Calendar day, ISO week (from Monday) or month in Europe/London. */
export const STATS_BUCKETS = ['day', 'week', 'month'] as const;
export type StatsBucket = (typeof STATS_BUCKETS)[number];
