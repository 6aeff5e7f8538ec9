export * from './test-database';
export * from './local-http-server';
