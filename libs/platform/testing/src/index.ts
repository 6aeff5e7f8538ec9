export * from './test-database';
export * from './local-http-server';
export * from './browser-check';
export * from './until';
export * from './lint-probe';
