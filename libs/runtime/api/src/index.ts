export * from './api.module';
export * from './create-api';
export * from './api-schema';
export * from './api-permissions';
