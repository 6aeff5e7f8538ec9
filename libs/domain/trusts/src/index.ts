export * from './trust-group.entity';
export * from './trust.entity';
export * from './trust-owned.entity';
export * from './hospital.entity';
export * from './ward.entity';
export * from './feature-flag.entity';
export * from './tenant-config/tenant-config.schema';
export * from './visiting-hours';
