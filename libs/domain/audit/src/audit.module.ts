import { Module } from '@nestjs/common';
import { AuditEventsResolver } from './audit-events.resolver';
import { AuditEventsService } from './audit-events.service';

/** Reading the trust's audit trail (writing it is `audit.record`, in each change's transaction). Served by the API only. */
@Module({ providers: [AuditEventsService, AuditEventsResolver] })
export class AuditModule {}
