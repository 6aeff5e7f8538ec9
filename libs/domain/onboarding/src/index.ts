export * from './tenant-directory.loader';
export * from './trust-configuration.service';
export * from './format-changes';
export * from './tenant-directory.sync';
export * from './tenant-config.factory';
