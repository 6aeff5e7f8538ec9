import type { Request, Response } from 'express';
import { ApiError } from '../api/console-api';
import { MessagingPageDocument, SendTestMessageDocument, UpdateMessagingSettingsDocument, type MessageChannel, type MessageKind, type SendTestMessageMutation } from '../api/generated';
import { callerOf } from '../sign-in/sign-in.routes';
import { formErrors, type FormErrors, type FormFields } from '../visits/visit-form';
import { formText, requireAction, submitted, type AdminRoutesOptions } from './admin-home.routes';
import { consoleRouter } from '../record-ids';
import { MESSAGE_KIND } from '../visits/visit-words';

/** The messages families get, in the order the API lists them (the order they happen), in the ward's words. */
export const MESSAGE_KIND_WORDS: readonly { kind: MessageKind; text: string }[] = (Object.entries(MESSAGE_KIND) as [MessageKind, string][]).map(([kind, text]) => ({ kind, text }));
const CHANNEL_WORDS: Partial<Record<string, string>> = { SMS: 'text message', EMAIL: 'email' } satisfies Record<MessageChannel, string>;

const SETTINGS_FIELDS: FormFields = {
  ...Object.fromEntries(
    MESSAGE_KIND_WORDS.flatMap(({ kind, text }) => [
      [`sms-${kind}`, { label: `${text}: text message template id`, anchor: `sms-${kind}` }],
      [`email-${kind}`, { label: `${text}: email template id`, anchor: `email-${kind}` }],
    ]),
  ),
  smsSenderId: { label: 'Text message sender id', anchor: 'smsSenderId' },
  emailReplyToId: { label: 'Email reply-to id', anchor: 'emailReplyToId' },
  reminderMinutesBefore: { label: 'Reminder', anchor: 'reminderMinutesBefore' },
  notifyApiKey: { label: 'GOV.UK Notify API key', anchor: 'notifyApiKey' },
  callbackToken: { label: 'Delivery receipt token', anchor: 'callbackToken' },
};
const TEST_FIELDS: FormFields = {
  kind: { label: 'Message', anchor: 'kind' },
  channel: { label: 'Send it as', anchor: 'channel' },
  to: { label: 'Mobile number or email address', anchor: 'to' },
};

/** `templates.3.sms` (the API's name: the 4th kind sent) as the form's `sms-rescheduled`. */
function settingsFieldOf(apiField: string): string {
  const match = /^templates\.(\d+)\.(sms|email)$/.exec(apiField);
  return match ? `${match[2]}-${MESSAGE_KIND_WORDS[Number(match[1])]?.kind}` : apiField;
}

/** What GOV.UK Notify answered, said plainly: a success, or a warning naming Notify's error. */
export function testMessageFlash(answer: SendTestMessageMutation['sendTestMessage'], channel: string): { text: string; kind: 'success' | 'warning' } {
  const what = `the test ${CHANNEL_WORDS[channel] ?? 'message'} to ${answer.recipient}`;
  switch (answer.outcome) {
    case 'ACCEPTED':
      return { text: `GOV.UK Notify accepted ${what}. Its id in Notify is ${answer.notifyId}.`, kind: 'success' };
    case 'REFUSED':
      return { text: `GOV.UK Notify refused ${what}: ${answer.reason}`, kind: 'warning' };
    case 'RATE_LIMITED':
      return { text: `GOV.UK Notify did not take ${what}: the service has sent as many messages as it may this minute. Try again in a minute.`, kind: 'warning' };
    case 'DAILY_LIMIT':
      return { text: `GOV.UK Notify did not take ${what}: the service has reached its daily limit.`, kind: 'warning' };
    default:
      return { text: `GOV.UK Notify could not take ${what} (${answer.reason ?? 'no answer'}). Try again in a minute.`, kind: 'warning' };
  }
}

type Values = Record<string, string>;

/**
 * The trust's GOV.UK Notify service (trust admins): the template id of each message by text and
 * email, the text sender and email reply-to, when reminders go, and the API key and delivery
 * receipt token, which can be set but never read back. A test message goes to a number or
 * address typed here, and Notify's answer is shown as it came.
 */
export function adminMessagingRoutes({ api, page }: AdminRoutesOptions) {
  const router = consoleRouter();

  async function messagingPage(req: Request, res: Response, extra: { values?: Values; test?: Values; errors?: FormErrors } = {}) {
    const data = await api.request(callerOf(req), MessagingPageDocument, {});
    requireAction(data.trust.allowedActions, 'UPDATE_SETTINGS');
    const settings = data.messagingSettings;
    const saved: Values = {
      ...Object.fromEntries(settings.templates.flatMap((t) => [[`sms-${t.kind}`, t.sms ?? ''], [`email-${t.kind}`, t.email ?? '']])),
      smsSenderId: settings.smsSenderId ?? '',
      emailReplyToId: settings.emailReplyToId ?? '',
      reminderMinutesBefore: String(settings.reminderMinutesBefore),
    };
    page(
      req,
      res,
      'admin/messaging.njk',
      {
        pageTitle: 'Messaging',
        kinds: MESSAGE_KIND_WORDS,
        values: { ...saved, ...extra.values },
        test: extra.test ?? {},
        settings,
        hasErrors: Boolean(extra.errors),
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    );
  }

  router.get('/messaging', (req, res, next) => messagingPage(req, res).catch(next));

  router.post('/messaging', async (req, res, next) => {
    const values: Values = Object.fromEntries(Object.keys(SETTINGS_FIELDS).map((f) => [f, formText(req.body, f)]));
    const again = (errors: FormErrors) => messagingPage(req, res, { values: { ...values, notifyApiKey: '', callbackToken: '' }, errors });
    const reminder = Number(values.reminderMinutesBefore);
    if (!Number.isInteger(reminder)) return again(formErrors([{ field: 'reminderMinutesBefore', message: 'must be a whole number of minutes' }], SETTINGS_FIELDS)).catch(next);
    await submitted(
      req,
      res,
      async () => {
        // an empty box where no template was set is nothing to change; one emptied is sent as it is, and the API says a template cannot be removed
        const saved = (await api.request(callerOf(req), MessagingPageDocument, {})).messagingSettings.templates;
        const given = (kind: MessageKind, channel: 'sms' | 'email') => values[`${channel}-${kind}`] || (saved.find((t) => t.kind === kind)?.[channel] ? '' : undefined);
        await api.request(callerOf(req), UpdateMessagingSettingsDocument, {
          input: {
            templates: MESSAGE_KIND_WORDS.map(({ kind }) => ({ kind, sms: given(kind, 'sms'), email: given(kind, 'email') })),
            smsSenderId: values.smsSenderId,
            emailReplyToId: values.emailReplyToId,
            reminderMinutesBefore: reminder,
            // write-only: left empty, the one set stays
            ...(values.notifyApiKey ? { notifyApiKey: values.notifyApiKey } : {}),
            ...(values.callbackToken ? { callbackToken: values.callbackToken } : {}),
          },
        });
        return { flash: 'The messaging settings are saved. The next message sent uses them.', redirect: '/admin/messaging' };
      },
      again,
      SETTINGS_FIELDS,
      { fieldOf: settingsFieldOf },
    ).catch(next);
  });

  router.post('/messaging/test', async (req, res, next) => {
    const test = { kind: formText(req.body, 'kind'), channel: formText(req.body, 'channel'), to: formText(req.body, 'to') };
    const again = (errors: FormErrors) => messagingPage(req, res, { test, errors });
    try {
      const { sendTestMessage: answer } = await api.request(callerOf(req), SendTestMessageDocument, { input: { ...test, kind: test.kind as MessageKind, channel: test.channel as MessageChannel } });
      req.session.flash = testMessageFlash(answer, test.channel);
      req.session.save(() => res.redirect(303, '/admin/messaging#test'));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'BAD_USER_INPUT') return again(formErrors(error.fields, TEST_FIELDS)).catch(next);
      // no key set yet: said where the key is set
      if (error instanceof ApiError && error.code === 'CONFLICT') return again({ summary: [{ text: error.message, href: '#notifyApiKey' }], byField: {} }).catch(next);
      next(error);
    }
  });

  return router;
}
