export * from './log-context';
export * from './logger';
export * from './logger.module';
export * from './stop-on-signals';
