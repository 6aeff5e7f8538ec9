import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, ConflictError, MESSAGE_KINDS, type FieldProblem, type TestMessageOutcome } from '@vv/contracts';
import { assertCan, type Caller, requireActiveTrust } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { shownAs } from '@vv/platform/graphql';
import { createNotifySender, normaliseEmail, normaliseUkMobile, notifyServiceIdOf, type NotifyMessage, type NotifyOutcome } from '@vv/platform/notify';
import { applySettingUpdate, fieldProblems, issueWords, messagingShown, messagingUpdate, sameValue, storeTrustSecret, templatesUpdate, Trust, trustSecret, withTemplates } from '@vv/domain/trusts';
import { audit } from '@vv/domain/audit';
import type { MessagingSettingsInput, MessagingSettingsObject, SendTestMessageInput, TestMessageResultObject } from './dto/messaging-settings.object';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { maskRecipient, personalisationFor } from './message-content';

/** What a test message's outcome is called, from Notify's answer. */
const TEST_OUTCOMES: Record<NotifyOutcome['kind'], TestMessageOutcome> = {
  accepted: 'accepted',
  permanent: 'refused',
  temporary: 'unavailable',
  rate_limited: 'rate_limited',
  daily_limit: 'daily_limit',
};

/** A trust admin's view and changes of the trust's Notify service; secrets go in, never out. */
@Injectable()
export class MessagingSettingsService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {}

  async get(caller: Caller): Promise<MessagingSettingsObject> {
    const active = requireActiveTrust(caller);
    assertCan(caller, 'read', 'TrustSettings', { trustId: active.trustId });
    return this.db.inTrust(active, async (em) => this.view(em, await em.findOneOrFail(Trust, { id: active.trustId })));
  }

  async update(caller: Caller, input: MessagingSettingsInput): Promise<MessagingSettingsObject> {
    const active = requireActiveTrust(caller);
    assertCan(caller, 'update', 'TrustSettings', { trustId: active.trustId });
    const { templates, notifyApiKey, callbackToken, ...settings } = input;
    const parsed = messagingUpdate.safeParse(settings, { error: issueWords });
    const problems: FieldProblem[] = parsed.success ? [] : fieldProblems(parsed.error);
    const templateUpdate = templates === undefined ? undefined : templatesUpdate.safeParse(templates, { error: issueWords });
    if (templateUpdate && !templateUpdate.success) problems.push(...fieldProblems(templateUpdate.error, 'templates'));
    if (notifyApiKey !== undefined) {
      try {
        notifyServiceIdOf(notifyApiKey);
      } catch {
        problems.push({ field: 'notifyApiKey', message: 'must be a GOV.UK Notify API key: {key name}-{service id}-{secret key}, both ids UUIDs' });
      }
    }
    // Notify sends the token back as a bearer token: printable characters, no spaces
    if (callbackToken !== undefined && !/^[\x21-\x7E]{32,200}$/.test(callbackToken)) {
      problems.push({ field: 'callbackToken', message: 'must be 32 to 200 printable characters without spaces' });
    }
    if (problems.length || !parsed.success || (templateUpdate && !templateUpdate.success)) throw new BadUserInputError(problems);
    const update = parsed.data;
    const templateChanges = templateUpdate?.data ?? [];

    return this.db.inTrust(active, async (em) => {
      const trust = await em.findOneOrFail(Trust, { id: active.trustId });
      const { next: messaging, changed } = applySettingUpdate(trust.messaging, update);
      const nextTemplates = withTemplates(trust.messaging.templates, templateChanges);
      if (!sameValue(nextTemplates, trust.messaging.templates)) changed.push('templates');
      const fields: string[] = [...changed, ...(notifyApiKey !== undefined ? ['notifyApiKey'] : []), ...(callbackToken !== undefined ? ['callbackToken'] : [])];
      if (!fields.length) return this.view(em, trust);
      trust.messaging = { ...messaging, templates: nextTemplates };
      if (notifyApiKey !== undefined) await storeTrustSecret(em, this.settings, trust, 'notifyApiKey', notifyApiKey, caller.staffId);
      if (callbackToken !== undefined) await storeTrustSecret(em, this.settings, trust, 'notifyCallbackToken', callbackToken, caller.staffId);
      audit.record(em, { trustId: trust.id, actorStaffId: caller.staffId, action: 'trust.messaging_settings_updated', targetType: 'trust', targetId: trust.id, outcome: 'success', detail: { fields: fields.join(',') } });
      await em.flush();
      return this.view(em, trust);
    });
  }

  /**
   * Sends one of the trust's templates to an address the admin typed, through the trust's own
   * Notify key, with sample personalisation, and says what Notify answered. The address is
   * used for this one request only: never stored, logged or audited (the audit names the
   * template and the outcome). The reference is a fresh id, as every message's is.
   */
  async sendTest(caller: Caller, input: SendTestMessageInput): Promise<TestMessageResultObject> {
    const active = requireActiveTrust(caller);
    assertCan(caller, 'update', 'TrustSettings', { trustId: active.trustId });
    // kind and channel are members of their closed sets: GraphQL refuses any other value
    const { kind, channel } = input;
    const to = channel === 'sms' ? normaliseUkMobile(input.to) : normaliseEmail(input.to);
    if (!to) throw new BadUserInputError([{ field: 'to', message: channel === 'sms' ? 'is not a UK mobile number (07… or +447…)' : 'is not an email address' }]);

    const reference = randomUUID();
    const prepared = await this.db.inTrust(active, async (em) => {
      const trust = await em.findOneOrFail(Trust, { id: active.trustId });
      const templateId = trust.messaging.templates[kind]?.[channel];
      if (!templateId) throw new BadUserInputError([{ field: 'channel', message: `has no ${channel === 'sms' ? 'text' : 'email'} template for this message: set its template id first` }]);
      const apiKey = await trustSecret(em, this.settings, trust, 'notifyApiKey');
      if (!apiKey) throw new ConflictError("This trust's GOV.UK Notify API key is not set: set it before sending a test message");
      const message: NotifyMessage = {
        channel,
        templateId,
        to,
        reference,
        personalisation: personalisationFor(kind, {
          patientName: 'Test',
          wardName: 'Test ward',
          hospitalName: 'Test hospital',
          trustName: trust.branding.displayName,
          start: this.settings.now(),
          timeZone: trust.timeZone,
          link: `${this.settings.publicBaseUrl}/visit/${trust.odsCode}/test-message`,
        }),
        smsSenderId: trust.messaging.smsSenderId,
        emailReplyToId: trust.messaging.emailReplyToId,
      };
      return { apiKey, message };
    });

    const sender = createNotifySender({ apiKey: prepared.apiKey, baseUrl: this.settings.notifyBaseUrl, timeoutMs: this.settings.notifyTimeoutMs, clock: () => this.settings.now() });
    const answer = await sender.send(prepared.message);
    const result: TestMessageResultObject = {
      accepted: answer.kind === 'accepted',
      outcome: TEST_OUTCOMES[answer.kind],
      notifyId: answer.kind === 'accepted' ? answer.providerId : null,
      reason: answer.kind === 'permanent' || answer.kind === 'temporary' ? answer.reason : null,
      recipient: maskRecipient(channel, to),
    };
    await this.db.inTrust(active, async (em) => {
      audit.record(em, {
        trustId: active.trustId,
        actorStaffId: caller.staffId,
        action: 'trust.test_message_sent',
        targetType: 'notify_template',
        targetId: prepared.message.templateId,
        outcome: result.accepted ? 'success' : 'failed',
        detail: { kind, channel, result: result.outcome, reference, notifyId: result.notifyId ?? null },
      });
    });
    return result;
  }

  private async view(em: EntityManager, trust: Trust): Promise<MessagingSettingsObject> {
    const apiKey = await trustSecret(em, this.settings, trust, 'notifyApiKey');
    const token = await trustSecret(em, this.settings, trust, 'notifyCallbackToken');
    let serviceId: string | null = null;
    try {
      serviceId = apiKey ? notifyServiceIdOf(apiKey) : null;
    } catch {
      serviceId = null;
    }
    return {
      templates: MESSAGE_KINDS.map((kind) => ({ kind, sms: trust.messaging.templates[kind]?.sms ?? null, email: trust.messaging.templates[kind]?.email ?? null })),
      ...shownAs(messagingShown, trust.messaging),
      notifyApiKeySet: Boolean(apiKey),
      notifyServiceId: serviceId,
      callbackTokenSet: Boolean(token),
      callbackUrl: `${this.settings.publicBaseUrl}/notify/receipts/${trust.odsCode}`,
    };
  }
}

