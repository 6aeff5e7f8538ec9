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
    smsSenderId: z.uuid('must be a Notify SMS sender id').describe("The Notify SMS sender texts come from (the Notify service's default when not set)").optional(),
    emailReplyToId: z.uuid('must be a Notify reply-to id').describe("The Notify reply-to address of emails (the Notify service's default when not set)").optional(),
    reminderMinutesBefore: wholeNumber(15, 2880, 'minutes').describe('How long before a visit the key contact is reminded, in minutes').default(120),
    /** Each message's template ids, by channel. */
    templates: z.partialRecord(z.enum(MESSAGE_KINDS), templateIds).default({}),
  })
  .strict();

export type TrustMessagingSettings = z.output<typeof messagingSetting>;

/** The messaging settings the API shows and updates as they are (templates and secrets are given their own way). */
export const messagingShown = messagingSetting.pick({ smsSenderId: true, emailReplyToId: true, reminderMinutesBefore: true });

/** `updateMessagingSettings`' own fields. */
export const messagingUpdate = partialUpdate(messagingShown);
