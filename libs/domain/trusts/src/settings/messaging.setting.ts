import { z } from 'zod';
import { MESSAGE_KINDS } from '@vv/contracts';
import { envVarName, partialUpdate, wholeNumber } from './setting-fields';

/** A GOV.UK Notify template's id. */
export const notifyTemplateId = z.uuid('must be a Notify template id');

const templateIds = z.object({ sms: notifyTemplateId.optional(), email: notifyTemplateId.optional() }).strict();

/** The trust's GOV.UK Notify service. Secrets are named by environment variable here; the API stores them encrypted. */
export const messagingSetting = z
  .object({
    notifyApiKeyEnv: envVarName,
    callbackTokenEnv: envVarName,
    smsSenderId: z.uuid('must be a Notify SMS sender id').optional(),
    emailReplyToId: z.uuid('must be a Notify reply-to id').optional(),
    reminderMinutesBefore: wholeNumber(15, 2880, 'minutes').default(120),
    /** Each message's template ids, by channel. */
    templates: z.partialRecord(z.enum(MESSAGE_KINDS), templateIds).default({}),
  })
  .strict();

export type TrustMessagingSettings = z.output<typeof messagingSetting>;

/** `updateMessagingSettings`' own fields (templates and secrets are given their own way). */
export const messagingUpdate = partialUpdate(messagingSetting.pick({ smsSenderId: true, emailReplyToId: true, reminderMinutesBefore: true }));
