import { Inject, Injectable } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { TenantDatabase } from '@vv/platform/database';
import { LOGGER, type Logger } from '@vv/platform/logger';
import { createNotifySender, type NotifyMessage, type NotifyOutcome, type NotifySender } from '@vv/platform/notify';
import { RetryLaterError } from '@vv/platform/queue';
import type { ActiveTrust } from '@vv/platform/tenancy';
import { Trust, trustSecret } from '@vv/domain/trusts';
import { hashToken, Visit, VisitEvent } from '@vv/domain/visits';
import { audit } from '@vv/domain/audit';
import { MessagingPause, Notification } from './notification.entity';
import { personalisationFor } from './message-content';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';

export const SEND_NOTIFICATION_JOB = 'notification-send';
export interface SendNotificationJob {
  readonly kind: typeof SEND_NOTIFICATION_JOB;
  readonly trustId: string;
  readonly notificationId: string;
}

/** How long one sender holds a message; a crashed sender's message is taken up again after it. */
const LEASE_MS = 60_000;
/** After this many attempts a message that keeps failing temporarily is a technical failure. */
export const MAX_ATTEMPTS = 10;

type Prepared = { message: NotifyMessage; apiKey: string | undefined; attempts: number };

/**
 * Sends one outbox message, exactly once as far as the family can tell: a lease stops two
 * senders working on it at once, and a retry after a crash first asks Notify whether it
 * already has the message (by our reference) before sending again.
 */
@Injectable()
export class NotificationSender {
  private readonly senders = new Map<string, NotifySender>();

  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async send(trust: ActiveTrust, notificationId: string): Promise<void> {
    const prepared = await this.db.inTrust(trust, (em) => this.prepare(em, trust, notificationId));
    if (!prepared) return;
    const sender = this.senderFor(prepared.apiKey);
    if (prepared.attempts > 1) {
      const existing = await sender.findByReference(notificationId, prepared.message.channel);
      if (existing) {
        await this.record(trust, notificationId, { kind: 'accepted', providerId: existing.providerId });
        return;
      }
    }
    const outcome = await sender.send(prepared.message);
    await this.record(trust, notificationId, outcome);
  }

  /** Takes the lease and builds the message, or decides there is nothing (more) to send. */
  private async prepare(em: EntityManager, trust: ActiveTrust, notificationId: string): Promise<Prepared | null> {
    const now = this.settings.now();
    const row = await em.findOne(Notification, { id: notificationId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['sealedLinkToken'] });
    if (!row || (row.status !== 'pending' && row.status !== 'sending')) return null;
    if (row.leaseUntil && row.leaseUntil > now) return null; // another sender has it
    const pause = await em.findOne(MessagingPause, { trust: trust.trustId });
    if (pause && pause.pausedUntil > now) throw new RetryLaterError(pause.pausedUntil.getTime() - now.getTime());
    if (row.sendAfter > now) throw new RetryLaterError(row.sendAfter.getTime() - now.getTime());
    const visit = await em.findOneOrFail(Visit, { id: row.visit.id }, { populate: ['ward', 'ward.hospital'] });
    const token = row.kind === 'readyToJoin' && row.sealedLinkToken ? this.settings.secretBox.open(row.sealedLinkToken, row.id) : null;
    const stale = staleReason(row, visit, now, token);
    if (stale) {
      row.status = 'superseded';
      row.lastError = stale;
      row.sealedLinkToken = null;
      return null;
    }
    if (row.attempts >= MAX_ATTEMPTS) {
      this.fail(em, row, 'technical-failure', 'Notify did not accept it after repeated tries');
      return null;
    }
    const trustRow = await em.findOneOrFail(Trust, { id: trust.trustId });
    const templateId = trustRow.messaging.templates[row.kind]?.[row.channel];
    const to = row.channel === 'sms' ? visit.contactMobile : visit.contactEmail;
    if (!templateId || !to) {
      row.status = 'superseded';
      row.lastError = !to ? 'the contact details were removed' : 'the trust has no template for this message';
      return null;
    }
    const link = token ? `${this.settings.publicBaseUrl}/visit/${trust.odsCode}/${token}` : undefined;
    const ward = visit.ward.getEntity();
    row.status = 'sending';
    row.attempts += 1;
    row.leaseUntil = new Date(now.getTime() + LEASE_MS);
    return {
      apiKey: await trustSecret(em, this.settings, trustRow, 'notifyApiKey'),
      attempts: row.attempts,
      message: {
        channel: row.channel,
        templateId,
        to,
        reference: row.id,
        personalisation: personalisationFor(row.kind, {
          patientName: visit.patientName ?? null,
          wardName: ward.name,
          hospitalName: ward.hospital.getEntity().name,
          trustName: trustRow.branding.displayName,
          start: visit.scheduledStart,
          timeZone: trustRow.timeZone,
          link,
        }),
        smsSenderId: trustRow.messaging.smsSenderId,
        emailReplyToId: trustRow.messaging.emailReplyToId,
      },
    };
  }

  private async record(trust: ActiveTrust, notificationId: string, outcome: NotifyOutcome): Promise<void> {
    const retry = await this.db.inTrust(trust, async (em) => {
      const row = await em.findOneOrFail(Notification, { id: notificationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      row.leaseUntil = null;
      switch (outcome.kind) {
        case 'accepted':
          row.providerId = outcome.providerId;
          row.sealedLinkToken = null;
          if (row.status === 'pending' || row.status === 'sending') {
            row.status = 'sent';
            row.lastError = null;
          } else if (row.sentAt != null) {
            return null; // a delivery receipt came first and recorded the acceptance with its outcome: keep both
          }
          row.sentAt = this.settings.now();
          em.create(VisitEvent, { trust: trust.trustId, visit: row.visit, type: 'message_sent', detail: { kind: row.kind, channel: row.channel } });
          return null;
        case 'permanent':
          this.fail(em, row, 'permanent-failure', outcome.reason);
          return null;
        case 'rate_limited':
          row.status = 'pending';
          row.lastError = 'Notify asked us to slow down';
          return new RetryLaterError(outcome.retryAfterMs);
        case 'daily_limit': {
          const tomorrow = DateTime.fromJSDate(this.settings.now(), { zone: 'Europe/London' }).plus({ days: 1 }).startOf('day').toJSDate();
          const pause = (await em.findOne(MessagingPause, { trust: trust.trustId })) ?? em.create(MessagingPause, { trust: trust.trustId, pausedUntil: tomorrow, reason: 'daily limit' });
          pause.pausedUntil = tomorrow;
          row.status = 'pending';
          row.lastError = "Notify's daily limit was reached; sending resumes tomorrow";
          audit.record(em, { trustId: trust.trustId, action: 'messaging.paused_daily_limit', targetType: 'trust', targetId: trust.trustId, outcome: 'failed' });
          this.logger.error({ alert: 'notify_daily_limit', trust: trust.odsCode }, "ALERT: a trust's GOV.UK Notify service hit its daily limit; its messages are paused until tomorrow");
          return new RetryLaterError(tomorrow.getTime() - this.settings.now().getTime());
        }
        case 'temporary':
          row.lastError = outcome.reason;
          return new Error(`temporary failure sending a message: ${outcome.reason}`);
      }
    });
    if (retry) throw retry;
  }

  private fail(em: EntityManager, row: Notification, status: 'permanent-failure' | 'technical-failure', reason: string): void {
    row.status = status;
    row.lastError = reason.slice(0, 300);
    row.sealedLinkToken = null;
    row.leaseUntil = null;
    em.create(VisitEvent, { trust: row.trust.id, visit: row.visit, type: 'message_failed', detail: { kind: row.kind, channel: row.channel } });
  }

  private senderFor(apiKey: string | undefined): NotifySender {
    if (!apiKey) throw new Error("This trust's Notify API key is not set");
    let sender = this.senders.get(apiKey);
    if (!sender) {
      sender = createNotifySender({ apiKey, baseUrl: this.settings.notifyBaseUrl });
      this.senders.set(apiKey, sender);
    }
    return sender;
  }
}

/** Is this message about a visit that has since changed, so that sending it would mislead? */
export function staleReason(row: Pick<Notification, 'kind' | 'forVisitStart'>, visit: Visit, now: Date, linkToken: string | null): string | null {
  const moved = visit.scheduledStart.getTime() !== row.forVisitStart.getTime();
  const active = visit.status === 'booked' || visit.status === 'ready' || visit.status === 'in_progress';
  switch (row.kind) {
    case 'bookingConfirmation':
    case 'rescheduled':
      return !active ? `the visit is ${visit.status}` : moved ? 'the visit has moved since' : null;
    case 'reminder':
      if (visit.status !== 'booked') return `the visit is ${visit.status}`;
      if (moved) return 'the visit has moved since';
      return now >= visit.scheduledStart ? 'the visit has already started' : null;
    case 'cancelled':
      return visit.status === 'cancelled' ? null : 'the visit is no longer cancelled';
    case 'readyToJoin':
      if (visit.status !== 'ready' && visit.status !== 'in_progress') return `the visit is ${visit.status}`;
      if (!visit.linkValidUntil || now > visit.linkValidUntil) return 'the link has expired';
      return linkToken && visit.visitorLinkHash === hashToken(linkToken) ? null : 'the link has been replaced';
    case 'visitComplete':
      return visit.status === 'completed' ? null : `the visit is ${visit.status}`;
  }
}
