import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { RECEIPT_STATUSES, type ReceiptStatus } from '@vv/contracts';
import { TenantDatabase } from '@vv/platform/database';
import { LOGGER, type Logger } from '@vv/platform/logger';
import { createNotifySender, DEFAULT_NOTIFY_TIMEOUT_MS, NotifyLookupError, type NotifyMessage, type NotifyOutcome, type NotifySender } from '@vv/platform/notify';
import { RetryLaterError } from '@vv/platform/queue';
import type { ActiveTrust } from '@vv/platform/tenancy';
import { Trust, trustSecret } from '@vv/domain/trusts';
import { findMessageSubject, findMessageWording, hashToken, holdVisitForHistory, isActiveVisit, isLinkOpen, recordMessageEvents, type VisitMessageSubject } from '@vv/domain/visits';
import { audit } from '@vv/domain/audit';
import { MessagingPause, Notification } from './notification.entity';
import { personalisationFor } from './message-content';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { applyNotificationMove, isWaitingMessage, type MessageMoveInput, type NotificationMove } from './notification-transitions';

export const SEND_NOTIFICATION_JOB = 'notification-send';
export interface SendNotificationJob {
  readonly kind: typeof SEND_NOTIFICATION_JOB;
  readonly trustId: string;
  readonly notificationId: string;
}

/** After Notify was down or slow: 5 s, then twice as long each time, up to 5 minutes; never given up while the message is still true. */
export const RETRY_FIRST_MS = 5_000;
export const RETRY_CAP_MS = 5 * 60_000;
/**
 * Notify posts a message's delivery receipt once it knows the outcome, and retries a post our
 * side did not take (5 times, 5 minutes apart) before giving up. A sent message with no receipt
 * this long after its acceptance is looked up at Notify instead, then again less and less often
 * (the time it has been out, at most 6 hours apart) until Notify knows its outcome.
 */
export const RECEIPT_OVERDUE_MS = 5 * 60_000;
const OUTCOME_ASKED_AT_MOST_EVERY_MS = 6 * 3_600_000;
/** A job that finds another sender working on its message tries the lock again this soon (real time: a lock is held in real time). */
const BUSY_RETRY_MS = 1_000;

/** When to try again after `failures` temporary failures in a row, spread a little per message so a recovered Notify is not hit by every message at once. */
export function retryDelayMs(failures: number, messageId: string): number {
  const base = Math.min(RETRY_CAP_MS, RETRY_FIRST_MS * 2 ** Math.max(0, Math.min(failures - 1, 20)));
  const spread = (parseInt(messageId.replace(/-/g, '').slice(-4), 16) || 0) / 0xffff; // 0..1, fixed per message
  return Math.round(base * (1 + spread / 5));
}

/**
 * How long after an attempt began a "not found" from Notify's look-up by reference can be
 * believed: the attempt's request has ended by then, even one Notify took well past our
 * timeout to finish (three timeouts, and at least 30 s).
 */
export function lookUpTrustedAfterMs(timeoutMs: number): number {
  return Math.max(30_000, 3 * timeoutMs);
}

type Plan = { visitId: string } & (
  /** Send now (after a look-up by reference, when an earlier attempt may have reached Notify). */
  | { action: 'send'; lookUpFirst: boolean; attemptedAt: Date; apiKey: string | undefined; message: NotifyMessage }
  /** An earlier attempt may still be finishing at Notify: look it up now, and only look (never send) until it can be believed. */
  | { action: 'look-up'; apiKey: string | undefined; channel: NotifyMessage['channel']; believeFrom: Date }
  /** Sent, and its delivery receipt is overdue: ask Notify what became of it. */
  | { action: 'ask-outcome'; apiKey: string | undefined; channel: NotifyMessage['channel']; providerId: string | null }
);

/**
 * Sends one outbox message, exactly once as far as the family can tell, and never after the
 * change that made it untrue was answered:
 * - the sender holds the message's lock (a transaction-level advisory lock on its id) from its
 *   last check that the message is still true until Notify's answer is recorded; a visit change
 *   supersedes waiting messages under the same lock, so it waits for a send in flight, or the
 *   send sees the change. Delivery receipts do not take it, so they are never held up;
 * - before each request the attempt is committed (`attemptedAt`, `lookUpAfter`): if no answer
 *   comes (a timeout, a crash), the message is looked up by reference before any new request,
 *   and "not found" is believed only once a request still in flight at Notify has ended;
 * - Notify down or slow: try again later with growing backoff, without limit while the message
 *   is still true; a 429 rate limit waits without using an attempt; the daily limit pauses the
 *   trust until midnight. Every wait is a time on the row (`retryAt`): the relay queues it again
 *   then, so waits survive restarts and follow the platform's clock.
 */
@Injectable()
export class NotificationSender {
  private readonly senders = new Map<string, NotifySender>();
  private readonly timeoutMs: number;

  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.timeoutMs = settings.notifyTimeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS;
  }

  async send(trust: ActiveTrust, notificationId: string): Promise<void> {
    const plan = await this.db.inTrust(trust, (em) => this.plan(em, trust, notificationId));
    if (!plan) return;
    if (plan.action === 'ask-outcome') {
      await this.askOutcome(trust, notificationId, plan);
      return;
    }
    // Another job holds the message (a second job for it: one re-queued while this one was slow,
    // or delivered twice by the queue). This plan is carried out once that one lets go, never
    // planned afresh: a plan to send has committed its attempt, and planned again it would find
    // that attempt "maybe at Notify" and wait out a look-up for a request that was never made.
    const busySince = performance.now();
    while (await this.carryOutUnlessBusy(trust, notificationId, plan)) {
      if (performance.now() - busySince > this.busyWaitMs()) throw new RetryLaterError(BUSY_RETRY_MS);
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }

  /** Carries the plan out under the message's lock; true (and nothing done) when another job holds it. */
  private carryOutUnlessBusy(trust: ActiveTrust, notificationId: string, plan: Exclude<Plan, { action: 'ask-outcome' }>): Promise<boolean> {
    return this.db.inTrust(trust, async (em) => {
      // before the message's lock: a visit change that rewrites the visit's keys (a new link) waits for this send, never the other way round
      await holdVisitForHistory(em, { trustId: trust.trustId, visitId: plan.visitId });
      if (!(await tryLockMessage(em, notificationId))) return true;
      const row = await em.findOne(Notification, { id: notificationId }, { refresh: true });
      if (!row || !isWaitingMessage(row.status)) return false;
      if (plan.action === 'send' && row.attemptedAt?.getTime() !== plan.attemptedAt.getTime()) return false; // another sender took it over
      // the last check, under the message's lock: a visit change since the plan has superseded it, or is answered after this send
      if (await this.supersededIfStale(em, row)) return false;
      await this.carryOut(em, trust, row, plan);
      return false;
    });
  }

  /** How long (real time) a job waits for another holding its message: that one lets go once Notify has answered it, or its timeout. */
  private busyWaitMs(): number {
    return 2 * this.timeoutMs + 5_000;
  }

  /** Decides what to do, or that there is nothing (more) to do; commits the attempt before any request. */
  private async plan(em: EntityManager, trust: ActiveTrust, notificationId: string): Promise<Plan | null> {
    // waits for a send of this message in flight (at most Notify's timeout), then sees what it recorded
    await lockMessage(em, notificationId);
    const now = this.settings.now();
    await lockMessageRow(em, trust.trustId, notificationId);
    const row = await em.findOne(Notification, { id: notificationId }, { populate: ['sealedLinkToken'], refresh: true });
    if (row?.status === 'sent' && row.lookUpAfter && row.lookUpAfter <= now) {
      const apiKey = await trustSecret(em, this.settings, await em.findOneOrFail(Trust, { id: trust.trustId }), 'notifyApiKey');
      return { visitId: row.visit.id, action: 'ask-outcome', apiKey, channel: row.channel, providerId: row.providerId ?? null };
    }
    if (!row || !isWaitingMessage(row.status)) return null;
    const pause = await em.findOne(MessagingPause, { trust: trust.trustId });
    if (pause && pause.pausedUntil > now) return this.later(row, pause.pausedUntil);
    const due = Math.max(row.sendAfter.getTime(), row.retryAt?.getTime() ?? 0);
    if (due > now.getTime()) return this.later(row, new Date(due));
    if (await this.supersededIfStale(em, row)) return null;
    const trustRow = await em.findOneOrFail(Trust, { id: trust.trustId });
    const apiKey = await trustSecret(em, this.settings, trustRow, 'notifyApiKey');
    if (row.lookUpAfter && now < row.lookUpAfter) {
      return { visitId: row.visit.id, action: 'look-up', apiKey, channel: row.channel, believeFrom: row.lookUpAfter };
    }
    const message = await this.messageFor(em, row, trustRow);
    if (!message) return null;
    const lookUpFirst = row.lookUpAfter != null;
    applyNotificationMove(row, 'attempt', { at: now, lookUpAfter: new Date(now.getTime() + lookUpTrustedAfterMs(this.timeoutMs)) });
    return { visitId: row.visit.id, action: 'send', lookUpFirst, attemptedAt: now, apiKey, message };
  }

  private later(row: Notification, at: Date): null {
    row.retryAt = at;
    row.enqueuedAt = null; // the relay queues it again when it is due
    return null;
  }

  /** Supersedes a message its visit has made untrue (or that can no longer reach anyone); true if it did. */
  private async supersededIfStale(em: EntityManager, row: Notification): Promise<boolean> {
    const visit = await findMessageSubject(em, row.visit.id);
    if (row.kind === 'readyToJoin' && row.sealedLinkToken === undefined) await em.populate(row, ['sealedLinkToken']);
    const token = row.kind === 'readyToJoin' && row.sealedLinkToken ? this.settings.secretBox.open(row.sealedLinkToken, row.id) : null;
    const to = row.channel === 'sms' ? visit.contactMobile : visit.contactEmail;
    const stale = staleReason(row, visit, this.settings.now(), token) ?? (to ? null : 'the contact details were removed');
    if (!stale) return false;
    supersede(row, stale, this.settings.now());
    return true;
  }

  private async messageFor(em: EntityManager, row: Notification, trustRow: Trust): Promise<NotifyMessage | null> {
    const visit = await findMessageWording(em, row.visit.id);
    const templateId = trustRow.messaging.templates[row.kind]?.[row.channel];
    const to = row.channel === 'sms' ? visit.contactMobile : visit.contactEmail;
    if (!templateId || !to) {
      supersede(row, !to ? 'the contact details were removed' : 'the trust has no template for this message', this.settings.now());
      return null;
    }
    const token = row.kind === 'readyToJoin' && row.sealedLinkToken ? this.settings.secretBox.open(row.sealedLinkToken, row.id) : null;
    const link = token ? `${this.settings.publicBaseUrl}/visit/${trustRow.odsCode}/${token}` : undefined;
    return {
      channel: row.channel,
      templateId,
      to,
      reference: row.id,
      personalisation: personalisationFor(row.kind, {
        patientName: visit.patientName,
        wardName: visit.wardName,
        hospitalName: visit.hospitalName,
        trustName: trustRow.branding.displayName,
        start: visit.scheduledStart,
        timeZone: trustRow.timeZone,
        link,
      }),
      smsSenderId: trustRow.messaging.smsSenderId,
      emailReplyToId: trustRow.messaging.emailReplyToId,
    };
  }

  /**
   * A sent message whose delivery receipt is overdue (Notify gave up posting it, or it was lost):
   * asks Notify what became of it, outside any transaction, and records the outcome as its
   * receipt would have; one still on its way is asked about again later. A receipt that arrives
   * meanwhile wins.
   */
  private async askOutcome(trust: ActiveTrust, notificationId: string, plan: Extract<Plan, { action: 'ask-outcome' }>): Promise<void> {
    const sender = this.senderFor(plan.apiKey);
    let answer: { status: string } | null | NotifyLookupError;
    try {
      answer = plan.providerId ? await sender.statusOf(plan.providerId) : await sender.findByReference(notificationId, plan.channel);
    } catch (error) {
      if (!(error instanceof NotifyLookupError)) throw error;
      answer = error;
    }
    await this.db.inTrust(trust, async (em) => {
      await lockMessageRow(em, trust.trustId, notificationId);
      const row = await em.findOneOrFail(Notification, { id: notificationId }, { refresh: true });
      if (row.status !== 'sent') return; // its receipt came meanwhile
      const now = this.settings.now();
      if (answer instanceof NotifyLookupError) {
        const failure = answer.outcome;
        const waitMs = failure.kind === 'rate_limited' ? failure.retryAfterMs : retryDelayMs(1, row.id);
        this.lookUpAgain(row, new Date(now.getTime() + waitMs));
        return;
      }
      if (answer === null) {
        // past Notify's retention: nothing more can be learnt, and staff are told so
        row.lookUpAfter = null;
        row.lastError = 'no delivery receipt came, and GOV.UK Notify no longer holds the message';
        return;
      }
      if (isReceiptStatus(answer.status)) {
        moveMessage(em, row, answer.status, { at: now, providerId: row.providerId ?? undefined });
        return;
      }
      // still on its way (Notify: created, sending, pending): asked again later, less often the longer it is out
      const out = now.getTime() - (row.sentAt ?? now).getTime();
      this.lookUpAgain(row, new Date(now.getTime() + Math.min(OUTCOME_ASKED_AT_MOST_EVERY_MS, Math.max(RECEIPT_OVERDUE_MS, out))));
    });
  }

  private lookUpAgain(row: Notification, at: Date): void {
    row.lookUpAfter = at;
    row.enqueuedAt = null; // the relay queues it again then
  }

  /** Looks up and/or sends while holding the message's lock, and records what came of it. */
  private async carryOut(em: EntityManager, trust: ActiveTrust, row: Notification, plan: Exclude<Plan, { action: 'ask-outcome' }>): Promise<void> {
    const sender = this.senderFor(plan.apiKey);
    if (plan.action === 'look-up' || plan.lookUpFirst) {
      let found: { providerId: string; status: string } | null;
      try {
        found = await sender.findByReference(row.id, plan.action === 'look-up' ? plan.channel : plan.message.channel);
      } catch (error) {
        if (!(error instanceof NotifyLookupError)) throw error;
        // Notify cannot be asked (down, or a 429): nothing is sent until it can, since the earlier
        // attempt may be there; the attempt stays unknown (look-up time kept), and no attempt is used
        const failure = error.outcome;
        await this.waitAgain(em, trust, row.id, (fresh) => {
          fresh.lastError = failure.kind === 'rate_limited' ? 'Notify asked us to slow down' : 'reason' in failure ? failure.reason : 'GOV.UK Notify could not be asked about an earlier attempt';
          const waitMs = failure.kind === 'rate_limited' ? failure.retryAfterMs : retryDelayMs(Math.max(1, fresh.attempts), fresh.id);
          return new Date(this.settings.now().getTime() + waitMs);
        });
        return;
      }
      if (found) {
        await this.record(em, trust, row, { kind: 'accepted', providerId: found.providerId }, plan, found.status);
        return;
      }
      if (plan.action === 'look-up') {
        // not there yet; believed only from `believeFrom`, when any request still in flight has ended
        await this.waitAgain(em, trust, row.id, () => plan.believeFrom);
        return;
      }
    }
    if (plan.action !== 'send') return;
    await this.record(em, trust, row, await sender.send(plan.message), plan);
  }

  /** Leaves a message waiting (unless a delivery receipt has finished it meanwhile), to be queued again at the time given. */
  private async waitAgain(em: EntityManager, trust: ActiveTrust, notificationId: string, until: (row: Notification) => Date): Promise<void> {
    await lockMessageRow(em, trust.trustId, notificationId);
    const row = await em.findOneOrFail(Notification, { id: notificationId }, { refresh: true });
    if (!isWaitingMessage(row.status)) return;
    this.retryAt(row, until(row));
  }

  /** Records Notify's answer; `foundStatus`: what a look-up by reference said of the message it found. */
  private async record(em: EntityManager, trust: ActiveTrust, stale: Notification, outcome: NotifyOutcome, plan: Plan, foundStatus?: string): Promise<void> {
    // a delivery receipt may have written the row meanwhile (it does not wait for the message's lock)
    await lockMessageRow(em, trust.trustId, stale.id);
    const row = await em.findOneOrFail(Notification, { id: stale.id }, { refresh: true });
    const now = this.settings.now();
    const sent = plan.action === 'send';
    switch (outcome.kind) {
      case 'accepted':
        // a delivery receipt that came first has recorded the acceptance with its outcome: the message keeps both
        moveMessage(em, row, 'accepted', { at: now, providerId: outcome.providerId, lookUpAfter: new Date(now.getTime() + RECEIPT_OVERDUE_MS) });
        // found by a look-up that already says how it ended (its receipt was lost, or Notify gave up
        // posting it): recorded as the receipt would have been, rather than asked about again later
        if (foundStatus !== undefined && isReceiptStatus(foundStatus)) moveMessage(em, row, foundStatus, { at: now, providerId: outcome.providerId });
        return;
      case 'permanent':
        moveMessage(em, row, 'refused', { at: now, reason: outcome.reason });
        return;
      case 'rate_limited':
        // Notify refused it outright: no attempt used, and nothing of this request to look up
        this.waitOut(row, sent, 'Notify asked us to slow down', new Date(now.getTime() + outcome.retryAfterMs));
        return;
      case 'daily_limit': {
        const tomorrow = DateTime.fromJSDate(now, { zone: 'Europe/London' }).plus({ days: 1 }).startOf('day').toJSDate();
        const pause = (await em.findOne(MessagingPause, { trust: trust.trustId })) ?? em.create(MessagingPause, { trust: trust.trustId, pausedUntil: tomorrow, reason: 'daily limit' });
        pause.pausedUntil = tomorrow;
        this.waitOut(row, sent, "Notify's daily limit was reached; sending resumes tomorrow", tomorrow);
        audit.record(em, { trustId: trust.trustId, action: 'messaging.paused_daily_limit', targetType: 'trust', targetId: trust.trustId, outcome: 'failed' });
        this.logger.error({ alert: 'notify_daily_limit', trust: trust.odsCode }, "ALERT: a trust's GOV.UK Notify service hit its daily limit; its messages are paused until tomorrow");
        return;
      }
      case 'temporary': {
        if (!isWaitingMessage(row.status)) return; // a delivery receipt has finished it meanwhile
        row.lastError = outcome.reason;
        if (sent && !outcome.unanswered) {
          // Notify answered (a 5xx): the request is over, so a look-up can be believed at once
          row.lookUpAfter = now;
        }
        // an unanswered request keeps the look-up time set before it was made; a look first, early, may already find it
        this.retryAt(row, new Date(now.getTime() + retryDelayMs(Math.max(1, row.attempts), row.id)));
        return;
      }
    }
  }

  /**
   * Notify turned the request away (429, the daily limit): the message is not there, so the
   * attempt is given back (`returned`) and an earlier attempt counts as looked up and not found;
   * it waits until the time given, unless a delivery receipt has finished it meanwhile.
   */
  private waitOut(row: Notification, returned: boolean, reason: string, until: Date): void {
    if (!isWaitingMessage(row.status)) return;
    if (returned) applyNotificationMove(row, 'returned', { at: this.settings.now() });
    row.lastError = reason;
    this.retryAt(row, until);
  }

  private retryAt(row: Notification, at: Date): void {
    row.retryAt = at;
    row.enqueuedAt = null;
  }

  private senderFor(apiKey: string | undefined): NotifySender {
    if (!apiKey) throw new Error("This trust's Notify API key is not set");
    let sender = this.senders.get(apiKey);
    if (!sender) {
      sender = createNotifySender({ apiKey, baseUrl: this.settings.notifyBaseUrl, timeoutMs: this.timeoutMs, clock: () => this.settings.now() });
      this.senders.set(apiKey, sender);
    }
    return sender;
  }
}

/**
 * The lock a sender holds on one message from its last check until Notify's answer is recorded,
 * and that a visit change takes to supersede it: a transaction-level advisory lock on the id.
 */
export async function lockMessage(em: EntityManager, notificationId: string): Promise<void> {
  await em.getConnection().execute('select pg_advisory_xact_lock(hashtextextended(?, 7))', [`notification:${notificationId}`], 'run', em.getTransactionContext());
}

/**
 * The message's row for the transaction, and only it: the ORM's `for update` would lock the visit
 * row it joins too, which a visit change holds while it waits for this message's send.
 */
export async function lockMessageRow(em: EntityManager, trustId: string, notificationId: string): Promise<void> {
  await em.getConnection().execute('select 1 from notification where trust_id = ? and id = ? for no key update', [trustId, notificationId], 'run', em.getTransactionContext());
}

function isReceiptStatus(status: string): status is ReceiptStatus {
  return (RECEIPT_STATUSES as readonly string[]).includes(status);
}

async function tryLockMessage(em: EntityManager, notificationId: string): Promise<boolean> {
  const [row] = await em
    .getConnection()
    .execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(hashtextextended(?, 7)) as locked', [`notification:${notificationId}`], 'all', em.getTransactionContext());
  return row?.locked === true;
}

/** Supersedes a message not yet sent (see the transition table): its visit made it untrue, or it can no longer reach anyone. */
export function supersede(row: Notification, reason: string, at: Date): void {
  applyNotificationMove(row, 'supersede', { at, reason });
}

/**
 * Makes a move on a message whose row the caller holds, and writes what the move adds to its
 * visit's history, in order a millisecond apart (an acceptance a receipt records first reads
 * before the failure it reports). False when the message kept what it had.
 */
export function moveMessage(em: EntityManager, row: Notification, move: NotificationMove, input: MessageMoveInput): boolean {
  const history = applyNotificationMove(row, move, input);
  if (!history) return false;
  recordMessageEvents(em, { trustId: row.trust.id, visitId: row.visit.id }, input.at, history); // the platform's clock, like the move itself
  return true;
}

/** Is this message about a visit that has since changed or passed, so that sending it would mislead? */
export function staleReason(row: Pick<Notification, 'kind' | 'forVisitStart'>, visit: VisitMessageSubject, now: Date, linkToken: string | null): string | null {
  const moved = visit.scheduledStart.getTime() !== row.forVisitStart.getTime();
  switch (row.kind) {
    case 'bookingConfirmation':
    case 'rescheduled':
      if (!isActiveVisit(visit.status)) return `the visit is ${visit.status}`;
      if (moved) return 'the visit has moved since';
      return now >= visit.scheduledEnd ? "the visit's time has passed" : null;
    case 'reminder':
      if (visit.status !== 'booked') return `the visit is ${visit.status}`;
      if (moved) return 'the visit has moved since';
      return now >= visit.scheduledStart ? 'the visit has already started' : null;
    case 'cancelled':
      if (visit.status !== 'cancelled') return 'the visit is no longer cancelled';
      return now >= visit.scheduledEnd ? "the visit's time has passed" : null;
    case 'readyToJoin':
      if (!isLinkOpen(visit.status)) return `the visit is ${visit.status}`;
      if (!visit.linkValidUntil || now > visit.linkValidUntil) return 'the link has expired';
      return linkToken && visit.visitorLinkHash === hashToken(linkToken) ? null : 'the link has been replaced';
    case 'visitComplete':
      if (visit.status !== 'completed') return `the visit is ${visit.status}`;
      return visit.endedAt && now.getTime() >= visit.endedAt.getTime() + 24 * 3_600_000 ? 'the visit ended more than a day ago' : null;
  }
}
