import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt } from '@mikro-orm/core';
import { TrustOwned } from '@vv/domain/trusts';

/**
 * One ward's visits of one day (Europe/London, by scheduled start), as reports count them:
 * kept current by triggers on the visit table in the transaction of every visit change
 * (see day-stats.triggers.ts), so a report over any range reads a row per ward and day
 * instead of every visit. The durations of the completed visits are kept as their exact sum
 * (so averages are exact to the second) and as a histogram of whole minutes (so medians and
 * 90th percentiles, defined over durations in whole minutes, are exact to the minute): a
 * report merges a few counts per ward and day instead of sorting every duration in range.
 *
 * `ward_id` is a plain column, not a foreign key: wards are archived, never deleted, and a
 * key check on every visit change would lock the ward for nothing.
 */
@Entity({ tableName: 'visit_day_stats' })
export class VisitDayStats extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'day', 'wardId'];

  /** The local date (Europe/London) of the visits' scheduled start. Second in the key, so a trust's range is one index scan. */
  @PrimaryKey({ type: 'date' })
  day!: string;

  @PrimaryKey({ type: 'uuid' })
  wardId!: string;

  /** Every visit of the day, whatever its status. */
  @Property({ type: 'integer', default: 0 })
  booked: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  completed: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  cancelled: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  missed: Opt<number> = 0;

  /** The sum of the recorded durations (seconds) of the completed visits. */
  @Property({ type: 'bigint', default: 0 })
  durationSecondsTotal: Opt<bigint> = 0n;

  /**
   * The completed visits' recorded durations in whole minutes (seconds / 60, truncated), as a
   * histogram: `durationCounts[i]` visits lasted `durationMinutes[i]` minutes. Minutes appear
   * once each, in no order, and never with a count of 0.
   */
  @Property({ type: 'integer[]', columnType: 'integer[]', defaultRaw: `'{}'` })
  durationMinutes: Opt<number[]> = [];

  @Property({ type: 'integer[]', columnType: 'integer[]', defaultRaw: `'{}'` })
  durationCounts: Opt<number[]> = [];
}

/**
 * The messages of one ward's visits of one day (the visit's day, as for VisitDayStats):
 * delivered and failed, kept current by triggers on the notification table (and moved
 * with a rescheduled visit). A table of its own, so a delivery receipt and a visit change
 * on the same ward and day never wait for each other's row.
 */
@Entity({ tableName: 'message_day_stats' })
export class MessageDayStats extends TrustOwned {
  [PrimaryKeyProp]?: ['trust', 'day', 'wardId'];

  @PrimaryKey({ type: 'date' })
  day!: string;

  @PrimaryKey({ type: 'uuid' })
  wardId!: string;

  @Property({ type: 'integer', default: 0 })
  delivered: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  failed: Opt<number> = 0;
}
