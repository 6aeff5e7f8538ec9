import { hostname } from 'node:os';
import type { TenantDatabase } from '@vv/platform/database';
import type { JobQueue } from './job-queue';
import { WorkerHeartbeat } from './worker-heartbeat.entity';

export const WORKER_HEARTBEAT_JOB = 'worker-heartbeat';

/**
 * A scheduled job that proves the whole path works: the schedule fires, a worker takes
 * the job, and it writes to the database. Operators read `worker_heartbeat` (and the
 * API's readiness check reports how long ago a worker was seen).
 */
export async function registerWorkerHeartbeat(
  queue: JobQueue,
  db: TenantDatabase,
  everySeconds: number,
  now: () => Date = () => new Date(),
  onBeat: () => void = () => undefined,
): Promise<void> {
  const workerId = `${hostname()}.${process.pid}`.replace(/[^A-Za-z0-9._-]/g, "-");
  queue.handle(WORKER_HEARTBEAT_JOB, async () => {
    await db.platform(async (em) => {
      await em.upsert(WorkerHeartbeat, { workerId, queueKind: queue.kind, seenAt: now() });
    });
    onBeat();
  });
  await queue.schedule(WORKER_HEARTBEAT_JOB, WORKER_HEARTBEAT_JOB, everySeconds * 1000, { kind: WORKER_HEARTBEAT_JOB });
  await queue.add(WORKER_HEARTBEAT_JOB, { kind: WORKER_HEARTBEAT_JOB }, { jobId: `${WORKER_HEARTBEAT_JOB}.start.${workerId}` });
}
