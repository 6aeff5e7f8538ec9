import type { JobQueue } from '@vv/platform/queue';
import { type TrustDirectory } from '@vv/domain/trusts';
import type { RetentionService } from './retention.service';

export const RETENTION_JOB = 'visits-retention';

/** Hourly: erase personal data past each trust's retention period (archived trusts too: their data is still held). */
export async function registerRetention(queue: JobQueue, trusts: TrustDirectory, retention: RetentionService, everyMs = 3_600_000): Promise<void> {
  queue.handle(RETENTION_JOB, async () => {
    await trusts.refresh();
    for (const trust of trusts.all()) await retention.eraseExpired({ trustId: trust.id, odsCode: trust.odsCode });
  });
  await queue.schedule(RETENTION_JOB, RETENTION_JOB, everyMs, { kind: RETENTION_JOB });
}
