/**
 * Job payloads carry record ids only, never personal data: a payload may be
 * logged, kept in Redis, and shown in queue dashboards.
 */
export const QUEUE_NAMES = { maintenance: 'maintenance' } as const;

export interface WorkerHeartbeatJob {
  readonly kind: 'worker-heartbeat';
}

export type MaintenanceJob = WorkerHeartbeatJob;
