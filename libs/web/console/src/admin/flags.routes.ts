import { SetTrustFlagDocument, TrustFlagsDocument } from '../api/generated';
import { callerOf } from '../sign-in/sign-in.routes';
import { action, formText, requireAction, type AdminRoutesOptions } from './admin-home.routes';
import { flagWords, onOff } from './flags-words';
import { consoleRouter } from '../record-ids';

/** The trust's feature flag defaults (trust admins), with a way to each ward's own, shown beside them. */
export function adminFlagsRoutes({ api, page }: AdminRoutesOptions) {
  const router = consoleRouter();

  router.get('/flags', async (req, res, next) => {
    try {
      const data = await api.request(callerOf(req), TrustFlagsDocument, {});
      requireAction(data.trust.allowedActions, 'MANAGE_FEATURE_FLAGS');
      page(req, res, 'admin/flags.njk', {
        pageTitle: 'Feature flags',
        flags: data.featureFlags.map((f) => ({ ...f, words: flagWords(f.flag), tag: onOff(f.trustDefault) })),
        wards: data.wards,
      });
    } catch (error) {
      next(error);
    }
  });

  router.post(
    '/flags',
    action(async (req) => {
      const data = await api.request(callerOf(req), TrustFlagsDocument, {});
      requireAction(data.trust.allowedActions, 'MANAGE_FEATURE_FLAGS');
      // only what changed, so the audit says what the admin did
      for (const f of data.featureFlags) {
        const choice = formText(req.body, `flag-${f.flag}`);
        if ((choice === 'on' || choice === 'off') && (choice === 'on') !== f.trustDefault) {
          await api.request(callerOf(req), SetTrustFlagDocument, { flag: f.flag, enabled: choice === 'on' });
        }
      }
      return { flash: 'The trust’s feature flags are saved. Wards that set a flag themselves keep their own.', redirect: '/admin/flags' };
    }, () => '/admin/flags'),
  );

  return router;
}
