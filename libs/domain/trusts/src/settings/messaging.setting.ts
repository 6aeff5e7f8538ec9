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

/**
 * A template id given to `updateMessagingSettings` replaces that channel's template. It cannot
 * remove it: a message with no template is not sent, and nothing would tell the ward or the
 * family, so an empty, blank or null id is refused rather than read as "remove".
 */
const replacingTemplateId = z.uuid({
  error: (issue) => (issue.input === null || (typeof issue.input === 'string' && !issue.input.trim()) ? 'cannot be empty: give the Notify template id (a template can be replaced, not removed)' : 'must be a Notify template id'),
});

/** The most entries a templates update may list: one per message. */
export const MAX_TEMPLATE_ENTRIES = MESSAGE_KINDS.length;

/**
 * `updateMessagingSettings`' templates: each message at most once, its channels given replaced
 * and the others kept. A list longer than there are messages is refused whole, with one problem.
 */
export const templatesUpdate = z
  .array(z.unknown())
  .max(MAX_TEMPLATE_ENTRIES, `must list at most ${MAX_TEMPLATE_ENTRIES} messages, each once`)
  .pipe(
    z
      .array(z.object({ kind: z.enum(MESSAGE_KINDS), sms: replacingTemplateId.optional(), email: replacingTemplateId.optional() }))
      .superRefine((entries, ctx) =>
        entries.forEach((entry, i) => {
          // which of two entries for one message would win is not for the order of a list to say
          if (entries.findIndex((other) => other.kind === entry.kind) < i) ctx.addIssue({ code: 'custom', path: [i, 'kind'], message: 'is given twice: give each message once' });
        }),
      ),
  );

export type TemplatesUpdate = z.output<typeof templatesUpdate>;

/** The templates with an update applied: the channels given replace, the others stay. */
export function withTemplates(current: TrustMessagingSettings['templates'], update: TemplatesUpdate): TrustMessagingSettings['templates'] {
  const next = { ...current };
  for (const { kind, sms, email } of update) next[kind] = { ...current[kind], ...(sms ? { sms } : {}), ...(email ? { email } : {}) };
  return next;
}
