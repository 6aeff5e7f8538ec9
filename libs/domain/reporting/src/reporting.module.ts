import { Module } from '@nestjs/common';
import { TrustsModule } from '@vv/domain/trusts';
import { VisitStatsCsvController } from './visit-stats-csv.controller';
import { VisitStatsResolver } from './visit-stats.resolver';
import { VisitStatsService } from './visit-stats.service';
import { PlatformStatisticsResolver } from './platform-statistics.resolver';
import { PlatformStatisticsService } from './platform-statistics.service';

/** Reporting: visit statistics through GraphQL and as CSV, and the central team's platform statistics. Served by the API only. */
@Module({
  imports: [TrustsModule],
  controllers: [VisitStatsCsvController],
  providers: [VisitStatsService, VisitStatsResolver, PlatformStatisticsService, PlatformStatisticsResolver],
  exports: [VisitStatsService],
})
export class ReportingModule {}
