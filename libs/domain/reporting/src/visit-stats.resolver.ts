import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { VisitStatsObject } from './dto/visit-stats.object';
import { StatsBucketEnum, StatsGroupingEnum } from '@vv/platform/graphql';
import type { StatsBucket, StatsGrouping } from '@vv/contracts';
import { VisitStatsService } from './visit-stats.service';

@Resolver(() => VisitStatsObject)
export class VisitStatsResolver {
  constructor(@Inject(VisitStatsService) private readonly stats: VisitStatsService) {}

  @Query(() => [VisitStatsObject], {
    description:
      'Visits booked, completed, cancelled and missed, completion rate, durations and message outcomes, by ward, hospital, trust or group and by day, week or month (Europe/London). For reporting analysts and trust and group admins; aggregates only',
  })
  @Access.can('read', 'Report')
  visitStats(
    @CurrentCaller() caller: Caller,
    @Args('from', { description: 'Visits scheduled to start at or after this instant (give the offset, e.g. 2026-06-01T00:00:00+01:00, for a local midnight)' }) from: Date,
    @Args('to', { description: 'Visits scheduled to start before this instant; at most 2 years after from' }) to: Date,
    @Args('groupBy', { type: () => StatsGroupingEnum }) groupBy: StatsGrouping,
    @Args('bucket', { type: () => StatsBucketEnum }) bucket: StatsBucket,
    @Args('acrossGroup', { type: () => Boolean, nullable: true, defaultValue: false, description: "Every trust of the active trust's group your group role covers, not only the active trust (groupBy group always is)" })
    acrossGroup?: boolean,
  ): Promise<VisitStatsObject[]> {
    return this.stats.visitStats(caller, { from, to, groupBy, bucket, acrossGroup: acrossGroup ?? false });
  }
}
