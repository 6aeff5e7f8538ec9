export * from './graphql-errors';
export * from './graphql-options';
export * from './query-limits.rule';
export * from './request-logging.plugin';
export * from './domain-error.filter';
export * from './date-time.scalar';
export * from './input-rules';
