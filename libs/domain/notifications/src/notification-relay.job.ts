import type { JobQueue } from '@vv/platform/queue';
import type { TenantDatabase } from '@vv/platform/database';
import { signInAllowed, type TrustDirectory } from '@vv/domain/trusts';
import { Notification } from './notification.entity';
import { SEND_NOTIFICATION_JOB, type NotificationSender, type SendNotificationJob } from './notification-sender.service';
import type { NotificationSettings } from './notification-settings';
import { WAITING_MESSAGE_STATUSES } from './notification-transitions';

export const RELAY_JOB = 'notification-relay';
/** A queued message not sent this long after it was queued is queued again (a lost job, a crashed sender). */
const REQUEUE_AFTER_MS = 90_000;

/**
 * The relay moves committed outbox rows to the queue, trust by trust, each trust limited
 * to its share of Notify's rate so one busy trust cannot starve another; it is also the
 * sweeper that re-queues rows whose jobs were lost (a Redis restart or flush) or whose
 * sender died, and queues sent messages whose delivery receipt is overdue, to be looked up at
 * Notify. Payloads hold ids only.
 */
export async function registerNotificationRelay(
  queue: JobQueue,
  trusts: TrustDirectory,
  db: TenantDatabase,
  sender: NotificationSender,
  settings: NotificationSettings,
  everyMs = 1000,
): Promise<void> {
  queue.handle<SendNotificationJob>(SEND_NOTIFICATION_JOB, async (job) => {
    const trust = trusts.byId(job.trustId) ?? (await trusts.refresh(), trusts.byId(job.trustId));
    if (!trust || !signInAllowed(trust.status)) return; // a suspended trust sends nothing; its rows stay pending
    await sender.send({ trustId: trust.id, odsCode: trust.odsCode }, job.notificationId);
  });
  queue.handle(RELAY_JOB, async () => {
    await trusts.ready();
    const now = settings.now();
    for (const trust of trusts.all().filter((t) => signInAllowed(t.status))) {
      const rows = await db.inTrust({ trustId: trust.id, odsCode: trust.odsCode }, async (em) => {
        // the trust's budget comes from the database, not from this process's memory, so any
        // number of workers together keep to it: what was queued in the last minute counts
        const queuedLastMinute = await em.count(Notification, { enqueuedAt: { $gt: new Date(now.getTime() - 60_000) } });
        const budget = Math.min(settings.ratePerMinute - queuedLastMinute, Math.ceil(settings.ratePerMinute / 12));
        if (budget < 1) return [];
        const due = await em.find(
          Notification,
          {
            $and: [
              {
                $or: [
                  // a message waiting out an outage, a rate limit or a look-up is due again at its retry time
                  { status: { $in: [...WAITING_MESSAGE_STATUSES] }, sendAfter: { $lte: now }, $or: [{ retryAt: null }, { retryAt: { $lte: now } }] },
                  // a sent message whose delivery receipt is overdue: Notify is asked what became of it
                  { status: 'sent', lookUpAfter: { $lte: now } },
                ],
              },
              { $or: [{ enqueuedAt: null }, { enqueuedAt: { $lt: new Date(now.getTime() - REQUEUE_AFTER_MS) } }] },
            ],
          },
          { orderBy: { sendAfter: 'asc' }, limit: budget },
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
    }
  });
  await queue.schedule(RELAY_JOB, RELAY_JOB, everyMs, { kind: RELAY_JOB });
}

