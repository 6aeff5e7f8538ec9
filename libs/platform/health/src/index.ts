export * from './health.controller';
export * from './health.module';
export * from './work-monitor';
export * from './work-alert';
export * from './metrics';
export * from './metrics-server';
export * from './process-metrics';
export * from './graphql-metrics.plugin';
