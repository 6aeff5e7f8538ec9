import type { JobQueue } from '@vv/platform/queue';
import { signInAllowed, type TrustDirectory } from '@vv/domain/trusts';
import type { VisitService } from './visit.service';

export const MISSED_VISITS_JOB = 'visits-mark-missed';

/**
 * Every minute: visits never started by the end of their slot become missed, trust by
 * trust, each in its own transaction. The payload is empty (ids only, never personal
 * data) and running twice changes nothing the second time.
 */
export async function registerMissedVisits(queue: JobQueue, trusts: TrustDirectory, visits: VisitService, everyMs = 60_000): Promise<void> {
  queue.handle(MISSED_VISITS_JOB, async () => {
    await trusts.refresh();
    for (const trust of trusts.all().filter((t) => signInAllowed(t.status))) {
      await visits.markMissed({ trustId: trust.id, odsCode: trust.odsCode });
    }
  });
  await queue.schedule(MISSED_VISITS_JOB, MISSED_VISITS_JOB, everyMs, { kind: MISSED_VISITS_JOB });
}
