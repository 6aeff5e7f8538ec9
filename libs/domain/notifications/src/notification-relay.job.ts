import type { JobQueue } from '@vv/platform/queue';
import type { TenantDatabase } from '@vv/platform/database';
import { signInAllowed, type TrustDirectory } from '@vv/domain/trusts';
import { Notification } from './notification.entity';
import { SEND_NOTIFICATION_JOB, type NotificationSender, type SendNotificationJob } from './notification-sender.service';
import type { NotificationSettings } from './notification-settings';

export const RELAY_JOB = 'notification-relay';
/** A queued message not sent this long after it was queued is queued again (a lost job, a crashed sender). */
const REQUEUE_AFTER_MS = 90_000;

/**
 * The relay moves committed outbox rows to the queue, trust by trust, each trust limited
 * to its share of Notify's rate so one busy trust cannot starve another; it is also the
 * sweeper that re-queues rows whose jobs were lost (a Redis restart or flush) or whose
 * sender died. Payloads hold ids only.
 */
export async function registerNotificationRelay(
  queue: JobQueue,
  trusts: TrustDirectory,
  db: TenantDatabase,
  sender: NotificationSender,
  settings: NotificationSettings,
  everyMs = 1000,
): Promise<void> {
  const budgets = new Map<string, { tokens: number; at: number }>();
  queue.handle<SendNotificationJob>(SEND_NOTIFICATION_JOB, async (job) => {
    const trust = trusts.byId(job.trustId) ?? (await trusts.refresh(), trusts.byId(job.trustId));
    if (!trust || !signInAllowed(trust.status)) return; // a suspended trust sends nothing; its rows stay pending
    await sender.send({ trustId: trust.id, odsCode: trust.odsCode }, job.notificationId);
  });
  queue.handle(RELAY_JOB, async () => {
    await trusts.ready();
    const now = settings.now();
    for (const trust of trusts.all().filter((t) => signInAllowed(t.status))) {
      // the rate budget runs on the monotonic clock: it must not jump with the wall clock
      const budget = refill(budgets, trust.id, settings.ratePerMinute, performance.now());
      if (budget.tokens < 1) continue;
      const rows = await db.inTrust({ trustId: trust.id, odsCode: trust.odsCode }, async (em) => {
        const due = await em.find(
          Notification,
          {
            status: { $in: ['pending', 'sending'] },
            sendAfter: { $lte: now },
            $or: [{ enqueuedAt: null }, { enqueuedAt: { $lt: new Date(now.getTime() - REQUEUE_AFTER_MS) } }],
          },
          { orderBy: { sendAfter: 'asc' }, limit: Math.floor(budget.tokens) },
        );
        for (const row of due) {
          row.enqueuedAt = now;
          row.enqueueCount += 1;
        }
        return due.map((row) => ({ id: row.id, count: row.enqueueCount }));
      });
      for (const row of rows) {
        // a new job id per queuing: a re-queue is never swallowed by an old failed job with the same id
        await queue.add<SendNotificationJob>(SEND_NOTIFICATION_JOB, { kind: SEND_NOTIFICATION_JOB, trustId: trust.id, notificationId: row.id }, { jobId: `${row.id}.${row.count}`, attempts: 8 });
      }
      budget.tokens -= rows.length;
    }
  });
  await queue.schedule(RELAY_JOB, RELAY_JOB, everyMs, { kind: RELAY_JOB });
}

function refill(budgets: Map<string, { tokens: number; at: number }>, trustId: string, perMinute: number, now: number) {
  const budget = budgets.get(trustId) ?? { tokens: perMinute / 60, at: now };
  budget.tokens = Math.min(perMinute / 6, budget.tokens + (Math.max(0, now - budget.at) / 60_000) * perMinute);
  budget.at = now;
  budgets.set(trustId, budget);
  return budget;
}
