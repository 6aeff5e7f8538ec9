export * from './trust-scope';
export * from './orm-config';
export * from './tenant-database';
export * from './app-role';
export * from './embedded-postgres';
export * from './database.module';
export * from './append-only';
export * from './change-feed';
