export * from './audit-event.entity';
export * from './audit.service';
export * from './audit-events.service';
export * from './audit-events.resolver';
export * from './audit.module';
export * from './dto/audit-event.object';
