export * from './trust-admin.service';
export * from './trust-admin.resolver';
export * from './trust-settings.module';
export * from './dto/trust-admin.input';
export * from './video-settings';
