import type { Request, Response } from 'express';
import { ApiError } from '../api/console-api';
import { TestVideoProviderDocument, UpdateVideoSettingsDocument, VideoPageDocument, type VideoProvider } from '../api/generated';
import { callerOf } from '../sign-in/sign-in.routes';
import { formErrors, type FormErrors, type FormFields } from '../visits/visit-form';
import { formText, requireAction, submitted, type AdminRoutesOptions } from './admin-home.routes';
import { consoleRouter } from '../record-ids';

const VIDEO_FIELDS: FormFields = {
  provider: { label: 'Video provider', anchor: 'provider' },
  baseUrl: { label: 'Jitsi Meet address', anchor: 'baseUrl' },
  graceMinutesAfterSlot: { label: 'Link works after the visit for', anchor: 'graceMinutesAfterSlot' },
  secret: { label: 'Secret', anchor: 'secret' },
};

/** The providers, in words. */
export const VIDEO_PROVIDERS: readonly { value: VideoProvider; text: string; hint: string }[] = [
  { value: 'WHEREBY', text: 'Whereby', hint: 'A locked Whereby room per visit; the secret is the trust’s Whereby API key' },
  { value: 'JITSI', text: 'Jitsi Meet (the trust’s own server)', hint: 'A room with signed tokens on the trust’s Jitsi Meet server; the secret is its app secret (32 characters or more)' },
];

/** The API's answer to "test the provider" when it could not: its code, said with its message. */
const TEST_FAILURES: Record<string, string> = {
  VIDEO_SERVICE_UNAVAILABLE: 'The video provider did not answer',
  VIDEO_SERVICE_REFUSED: 'The video provider refused',
  CONFLICT: 'The video settings cannot be tested yet',
};

type Values = Record<keyof typeof VIDEO_FIELDS, string>;

/**
 * The trust's video provider (trust admins): Whereby or the trust's Jitsi Meet server, how long
 * a visitor's link keeps working after the visit, and the secret, which can be set but never
 * read back. "Test the provider" makes a room and deletes it, and says what it checked, or
 * what the provider answered when it would not (its code and plain words, never a masked error).
 */
export function adminVideoRoutes({ api, page }: AdminRoutesOptions) {
  const router = consoleRouter();

  async function videoPage(req: Request, res: Response, extra: { values?: Values; errors?: FormErrors } = {}) {
    const data = await api.request(callerOf(req), VideoPageDocument, {});
    requireAction(data.trust.allowedActions, 'UPDATE_SETTINGS');
    const settings = data.videoSettings;
    const values = extra.values ?? { provider: settings.provider, baseUrl: settings.baseUrl ?? '', graceMinutesAfterSlot: String(settings.graceMinutesAfterSlot), secret: '' };
    page(req, res, 'admin/video.njk', { pageTitle: 'Video', providers: VIDEO_PROVIDERS, values, settings, hasErrors: Boolean(extra.errors), errors: extra.errors }, extra.errors ? 400 : 200);
  }

  router.get('/video', (req, res, next) => videoPage(req, res).catch(next));

  router.post('/video', async (req, res, next) => {
    const values = Object.fromEntries(Object.keys(VIDEO_FIELDS).map((f) => [f, formText(req.body, f)])) as Values;
    const again = (errors: FormErrors) => videoPage(req, res, { values: { ...values, secret: '' }, errors });
    const grace = Number(values.graceMinutesAfterSlot);
    if (!Number.isInteger(grace)) return again(formErrors([{ field: 'graceMinutesAfterSlot', message: 'must be a whole number of minutes' }], VIDEO_FIELDS)).catch(next);
    await submitted(
      req,
      res,
      async () => {
        await api.request(callerOf(req), UpdateVideoSettingsDocument, {
          input: {
            provider: values.provider as VideoProvider,
            // Whereby has no server address: an empty field clears it
            baseUrl: values.provider === 'JITSI' ? values.baseUrl : null,
            graceMinutesAfterSlot: grace,
            ...(values.secret ? { secret: values.secret } : {}),
          },
        });
        return { flash: 'The video settings are saved. Visits started from now on use them.', redirect: '/admin/video' };
      },
      again,
      VIDEO_FIELDS,
    ).catch(next);
  });

  router.post('/video/test', async (req, res, next) => {
    try {
      const { testVideoProvider: test } = await api.request(callerOf(req), TestVideoProviderDocument, {});
      const name = VIDEO_PROVIDERS.find((p) => p.value === test.provider)?.text ?? test.provider;
      req.session.flash = { text: `${name} works. ${test.checked.join('. ')}.` };
    } catch (error) {
      const failure = error instanceof ApiError ? TEST_FAILURES[error.code] : undefined;
      if (!failure || !(error instanceof ApiError)) return next(error);
      req.session.flash = { text: `${failure} (${error.code}): ${error.message}`, kind: 'warning' };
    }
    req.session.save(() => res.redirect(303, '/admin/video'));
  });

  return router;
}
