import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageKind } from '@vv/contracts';
import type { SecretBox } from '@vv/platform/auth';
import { effectiveFlags, Trust } from '@vv/domain/trusts';
import type { MessagePlanInput, PlannedMessage, Visit, VisitMessages, VisitMessageSummary, VisitMessageTrigger } from '@vv/domain/visits';
import { Notification, type Channel } from './notification.entity';
import { maskRecipient } from './message-content';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';

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

  async visitChanged(em: EntityManager, visit: Visit, trigger: VisitMessageTrigger, extra?: { visitorLinkToken?: string }): Promise<void> {
    const ward = visit.ward.getEntity();
    const [flags, trust] = await Promise.all([effectiveFlags(em, ward.id), em.findOneOrFail(Trust, { id: visit.trust.id })]);
    const planned = this.plan({
      trigger,
      scheduledStart: visit.scheduledStart,
      contactMobile: visit.contactMobile ?? null,
      contactEmail: visit.contactEmail ?? null,
      flags,
      reminderMinutesBefore: trust.messaging.reminderMinutesBefore,
      templates: trust.messaging.templates,
      now: this.settings.now(),
    });
    for (const message of planned) {
      const row = em.create(Notification, {
        id: message.id,
        trust: visit.trust.id,
        visit,
        kind: message.kind as MessageKind,
        channel: message.channel as Channel,
        recipientMasked: message.recipientMasked,
        sendAfter: message.sendAfter,
        forVisitStart: message.forVisitStart,
      });
      if (message.kind === 'readyToJoin' && extra?.visitorLinkToken) row.sealedLinkToken = this.settings.secretBox.seal(extra.visitorLinkToken, row.id);
    }
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
    const channels: { channel: Channel; address: string }[] = [];
    if (flags.smsNotifications && input.contactMobile) channels.push({ channel: 'sms', address: input.contactMobile });
    if (flags.emailNotifications && input.contactEmail) channels.push({ channel: 'email', address: input.contactEmail });
    const planned: PlannedMessage[] = [];
    for (const { kind, sendAfter } of kinds) {
      for (const { channel, address } of channels) {
        if (!input.templates[kind]?.[channel]) continue; // the trust has no template for this: nothing to send
        planned.push({ id: randomUUID(), kind, channel, recipientMasked: maskRecipient(channel, address), sendAfter, forVisitStart: input.scheduledStart });
      }
    }
    return planned;
  }

  async forVisit(em: EntityManager, visitId: string): Promise<VisitMessageSummary[]> {
    const rows = await em.find(Notification, { visit: { id: visitId } }, { orderBy: [{ createdAt: 'asc' }, { kind: 'asc' }, { channel: 'desc' }] });
    return rows.map((row) => ({
      kind: row.kind,
      channel: row.channel,
      recipient: row.recipientMasked,
      status: row.status,
      reason: row.lastError ?? null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }
}

export type { SecretBox };
