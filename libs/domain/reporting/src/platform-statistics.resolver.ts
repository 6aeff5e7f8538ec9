import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { PlatformStatisticsObject } from './dto/platform-statistics.object';
import { PlatformStatisticsService } from './platform-statistics.service';

@Resolver(() => PlatformStatisticsObject)
export class PlatformStatisticsResolver {
  constructor(@Inject(PlatformStatisticsService) private readonly statistics: PlatformStatisticsService) {}

  @Query(() => PlatformStatisticsObject, { description: 'Trusts, wards, visits and messages per trust per month, without personal data (platform admins)' })
  @Access.can('read', 'PlatformStatistics')
  platformStatistics(
    @CurrentCaller() caller: Caller,
    @Args('fromMonth', { description: 'The first month (yyyy-mm, Europe/London)' }) fromMonth: string,
    @Args('toMonth', { description: `The last month, included; at most 24 months in all` }) toMonth: string,
  ): Promise<PlatformStatisticsObject> {
    return this.statistics.statistics(caller, fromMonth, toMonth);
  }
}
