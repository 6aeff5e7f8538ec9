export * from './api-test-harness';
export * from './worker-process';
