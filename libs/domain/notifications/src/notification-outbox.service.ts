import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, type MessageChannel, type MessageKind, type NotificationStatus } from '@vv/contracts';
import type { SecretBox } from '@vv/platform/auth';
import { orderedUuid } from '@vv/platform/database';
import { effectiveFlags, Trust } from '@vv/domain/trusts';
import type { MessagePlanInput, PlannedMessage, VisitMessageRecord, VisitMessages, VisitMessageSubject, VisitMessageSummary, VisitMessageTrigger } from '@vv/domain/visits';
import { Notification, type Channel } from './notification.entity';
import { maskRecipient } from './message-content';
import { lockMessage, staleReason, supersede } from './notification-sender.service';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { WAITING_MESSAGE_STATUSES } from './notification-transitions';

const KIND_FOR: Record<VisitMessageTrigger, MessageKind> = {
  booked: 'bookingConfirmation',
  rescheduled: 'rescheduled',
  cancelled: 'cancelled',
  ready: 'readyToJoin',
  completed: 'visitComplete',
};

/**
 * Writes the outbox rows a visit change means, in the change's transaction: nothing is
 * sent here. Which messages and channels follow the ward's flags and the trust's templates.
 */
@Injectable()
export class NotificationOutbox implements VisitMessages {
  constructor(@Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings) {}

  async visitChanged(em: EntityManager, visit: VisitMessageSubject, trigger: VisitMessageTrigger, extra?: { visitorLinkToken?: string }): Promise<void> {
    await this.supersedeUntrue(em, visit);
    const [flags, trust] = await Promise.all([effectiveFlags(em, visit.wardId), em.findOneOrFail(Trust, { id: visit.trustId })]);
    const now = this.settings.now();
    const planned = this.plan({
      trigger,
      scheduledStart: visit.scheduledStart,
      contactMobile: visit.contactMobile,
      contactEmail: visit.contactEmail,
      flags,
      reminderMinutesBefore: trust.messaging.reminderMinutesBefore,
      templates: trust.messaging.templates,
      now,
    });
    for (const message of planned) {
      const row = em.create(Notification, {
        id: message.id,
        trust: visit.trustId,
        visit: [visit.trustId, visit.id],
        kind: message.kind as MessageKind,
        channel: message.channel as Channel,
        recipientMasked: message.recipientMasked,
        sendAfter: message.sendAfter,
        forVisitStart: message.forVisitStart,
        createdAt: now,
        updatedAt: now,
      });
      if (message.kind === 'readyToJoin' && extra?.visitorLinkToken) row.sealedLinkToken = this.settings.secretBox.seal(extra.visitorLinkToken, row.id);
    }
  }

  /**
   * Supersedes the visit's waiting messages that this change (not yet committed: `visit` is the
   * visit as the change leaves it) makes untrue. Each is taken under the message's lock, so a
   * send in flight finishes first (and its message went before this change is answered), or its
   * sender sees the change.
   */
  private async supersedeUntrue(em: EntityManager, visit: VisitMessageSubject): Promise<void> {
    const now = this.settings.now();
    for (const row of await this.waitingLocked(em, visit.id)) {
      if (row.kind === 'readyToJoin') await em.populate(row, ['sealedLinkToken']);
      const token = row.kind === 'readyToJoin' && row.sealedLinkToken ? this.settings.secretBox.open(row.sealedLinkToken, row.id) : null;
      const stale = staleReason(row, visit, now, token);
      if (stale) supersede(row, stale, now);
    }
  }

  async holdWaiting(em: EntityManager, visitId: string): Promise<void> {
    await this.waitingLocked(em, visitId);
  }

  /** The visit's messages not yet sent, each under its message lock (in id order), as they are once any send in flight has finished. */
  private async waitingLocked(em: EntityManager, visitId: string): Promise<Notification[]> {
    const waiting = await em.find(Notification, { visit: { id: visitId }, status: { $in: [...WAITING_MESSAGE_STATUSES] } }, { fields: ['id'], orderBy: { id: 'asc' } });
    if (!waiting.length) return [];
    for (const row of waiting) await lockMessage(em, row.id);
    return em.find(Notification, { id: { $in: waiting.map((row) => row.id) }, status: { $in: [...WAITING_MESSAGE_STATUSES] } }, { refresh: true, orderBy: { id: 'asc' } });
  }

  /** Which messages a change means: by the ward's flags, the contact's details and the trust's templates. */
  plan(input: MessagePlanInput): PlannedMessage[] {
    const { trigger, flags, now } = input;
    const kinds: { kind: MessageKind; sendAfter: Date }[] = [];
    if (trigger !== 'completed' || flags.completeNotification) kinds.push({ kind: KIND_FOR[trigger], sendAfter: now });
    if ((trigger === 'booked' || trigger === 'rescheduled') && flags.visitReminders) {
      const remindAt = new Date(input.scheduledStart.getTime() - input.reminderMinutesBefore * 60_000);
      if (remindAt > now) kinds.push({ kind: 'reminder', sendAfter: remindAt });
    }
    const channels = reachableBy(input, flags);
    const planned: PlannedMessage[] = [];
    for (const { kind, sendAfter } of kinds) {
      for (const { channel, address } of channels) {
        if (!input.templates[kind]?.[channel]) continue; // the trust has no template for this: nothing to send
        planned.push({ id: orderedUuid(), kind, channel, recipientMasked: maskRecipient(channel, address), sendAfter, forVisitStart: input.scheduledStart });
      }
    }
    return planned;
  }

  async forVisit(em: EntityManager, visitId: string): Promise<VisitMessageSummary[]> {
    return (await this.forVisits(em, [visitId])).get(visitId) ?? [];
  }

  async forVisits(em: EntityManager, visitIds: readonly string[]): Promise<Map<string, VisitMessageSummary[]>> {
    const byVisit = new Map<string, VisitMessageSummary[]>();
    if (!visitIds.length) return byVisit;
    const rows = await em.find(Notification, { visit: { id: { $in: [...visitIds] } } }, { orderBy: [{ createdAt: 'asc' }, { kind: 'asc' }, { channel: 'desc' }, { id: 'asc' }] });
    for (const row of rows) {
      const list = byVisit.get(row.visit.id) ?? [];
      list.push(summary(row));
      byVisit.set(row.visit.id, list);
    }
    return byVisit;
  }

  summariesSql(visit: string): string {
    return `(select coalesce(jsonb_agg(jsonb_build_array(n.id, n.kind, n.channel, n.recipient_masked, n.status, n.last_error, ${ms('n.created_at')}, ${ms('n.updated_at')})
    order by n.created_at, n.kind, n.channel desc, n.id), '[]'::jsonb) from notification n where n.trust_id = ${visit}.trust_id and n.visit_id = ${visit}.id)`;
  }

  readSummaries(value: unknown): VisitMessageSummary[] {
    return (value as SummaryRow[]).map(([id, kind, channel, recipient, status, reason, createdAt, updatedAt]) => ({
      id,
      kind,
      channel,
      recipient,
      status,
      reason,
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
    }));
  }

  async findMessage(em: EntityManager, messageId: string): Promise<VisitMessageRecord | null> {
    const row = await em.findOne(Notification, { id: messageId });
    return row ? { id: row.id, visitId: row.visit.id, kind: row.kind, channel: row.channel, status: row.status } : null;
  }

  async sendAgain(em: EntityManager, visit: VisitMessageSubject, message: VisitMessageRecord): Promise<void> {
    const kind = message.kind as MessageKind;
    const now = this.settings.now();
    const stale = staleReason({ kind, forVisitStart: visit.scheduledStart }, visit, now, null);
    if (stale) throw new ConflictError(`This message cannot be sent again: ${stale}`);
    const [flags, trust] = await Promise.all([effectiveFlags(em, visit.wardId), em.findOneOrFail(Trust, { id: visit.trustId })]);
    const channel = reachableBy(visit, flags).find((c) => c.channel === message.channel);
    if (!channel) {
      const sms = message.channel === 'sms';
      const onWard = sms ? flags.smsNotifications : flags.emailNotifications;
      throw new ConflictError(onWard ? `The key contact has no ${sms ? 'mobile number' : 'email address'} now: correct their details first` : `This ward no longer sends messages by ${sms ? 'text' : 'email'}`);
    }
    if (!trust.messaging.templates[kind]?.[channel.channel]) throw new ConflictError('The trust no longer has a template for this message');
    em.create(Notification, {
      trust: visit.trustId,
      visit: [visit.trustId, visit.id],
      kind,
      channel: channel.channel,
      recipientMasked: maskRecipient(channel.channel, channel.address),
      sendAfter: now,
      forVisitStart: visit.scheduledStart,
      createdAt: now,
      updatedAt: now,
    });
  }

  async contactChanged(em: EntityManager, visit: VisitMessageSubject): Promise<void> {
    const waiting = await this.waitingLocked(em, visit.id);
    for (const row of waiting) {
      const address = row.channel === 'sms' ? visit.contactMobile : visit.contactEmail;
      // without an address on its channel the sender supersedes it ("the contact details were removed")
      if (address) row.recipientMasked = maskRecipient(row.channel, address);
    }
  }
}

/** The channels the key contact can be reached on now, as the ward's flags allow. */
function reachableBy(visit: { contactMobile: string | null; contactEmail: string | null }, flags: { smsNotifications: boolean; emailNotifications: boolean }): { channel: Channel; address: string }[] {
  const channels: { channel: Channel; address: string }[] = [];
  if (flags.smsNotifications && visit.contactMobile) channels.push({ channel: 'sms', address: visit.contactMobile });
  if (flags.emailNotifications && visit.contactEmail) channels.push({ channel: 'email', address: visit.contactEmail });
  return channels;
}

/** A message as `summariesSql` gives it: id, kind, channel, recipient, status, reason, created and updated (ms). */
type SummaryRow = [string, MessageKind, MessageChannel, string, NotificationStatus, string | null, number, number];

/** A timestamp as whole milliseconds since the epoch (the ORM's connection hands timestamps over as text). */
const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

function summary(row: Notification): VisitMessageSummary {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipientMasked,
    status: row.status,
    reason: row.lastError ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type { SecretBox };
