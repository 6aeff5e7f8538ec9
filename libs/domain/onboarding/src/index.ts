export * from './tenant-directory.loader';
export * from './trust-configuration.service';
export * from './format-changes';
