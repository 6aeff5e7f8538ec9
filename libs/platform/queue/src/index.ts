export * from './job-queue';
export * from './bullmq-job-queue';
export * from './in-process-job-queue';
export * from './queue.module';
export * from './worker-heartbeat.entity';
export * from './worker-heartbeat.job';
export * from './retry-later.error';
