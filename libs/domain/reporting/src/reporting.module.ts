import { Module } from '@nestjs/common';
import { TrustsModule } from '@vv/domain/trusts';
import { VisitStatsCsvController } from './visit-stats-csv.controller';
import { VisitStatsResolver } from './visit-stats.resolver';
import { VisitStatsService } from './visit-stats.service';

/** Reporting: visit statistics through GraphQL and as CSV. Served by the API only. */
@Module({
  imports: [TrustsModule],
  controllers: [VisitStatsCsvController],
  providers: [VisitStatsService, VisitStatsResolver],
  exports: [VisitStatsService],
})
export class ReportingModule {}
