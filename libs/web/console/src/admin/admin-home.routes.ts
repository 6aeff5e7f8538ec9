import type { NextFunction, Request, Response } from 'express';
import { ApiError, type ConsoleApi, type FieldProblem } from '../api/console-api';
import { AdminHomeDocument, type TrustAction } from '../api/generated';
import type { RenderPage } from '../console-pages';
import { callerOf } from '../sign-in/sign-in.routes';
import { formErrors, type FormErrors, type FormFields } from '../visits/visit-form';
import { consoleRouter } from '../record-ids';

export interface AdminRoutesOptions {
  api: ConsoleApi;
  page: RenderPage;
}

/** A text field of a posted form, trimmed; '' when absent. */
export function formText(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** The kind "you cannot do this" page, unless the API said this person may do it. */
export function requireAction(allowed: readonly TrustAction[], ...needed: TrustAction[]): void {
  if (!needed.some((action) => allowed.includes(action))) throw new ApiError('FORBIDDEN', 'not allowed to run this part of the trust');
}

/**
 * A form's post: the change, then a redirect with the outcome shown once; BAD_USER_INPUT (and
 * a CONFLICT, put on the field it is about) shows the form again with the NHS.UK error summary.
 */
export async function submitted(
  req: Request,
  res: Response,
  change: () => Promise<{ flash: string; redirect: string }>,
  again: (errors: FormErrors) => Promise<void>,
  fields: FormFields,
  options: { fieldOf?: (apiField: string) => string; conflict?: FieldProblem } = {},
): Promise<void> {
  try {
    const done = await change();
    req.session.flash = { text: done.flash };
    req.session.save(() => res.redirect(303, done.redirect));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'BAD_USER_INPUT') return again(formErrors(error.fields, fields, options.fieldOf));
    if (error instanceof ApiError && error.code === 'CONFLICT' && options.conflict) return again(formErrors([options.conflict], fields));
    throw error;
  }
}

/**
 * A button's post (withdraw, revoke, archive): the change, then a redirect with the outcome.
 * A CONFLICT (it was already done, in another tab or by someone else) is said on the page it
 * returns to, not as a failure of the service.
 */
export function action(change: (req: Request) => Promise<{ flash: string; redirect: string }>, conflictRedirect: (req: Request) => string) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const done = await change(req);
      req.session.flash = { text: done.flash };
      req.session.save(() => res.redirect(303, done.redirect));
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'CONFLICT')) return next(error);
      req.session.flash = { text: error.message, kind: 'warning' };
      req.session.save(() => res.redirect(303, conflictRedirect(req)));
    }
  };
}

/** The sections of running a trust, each offered only to those the API lets do it. */
export const ADMIN_SECTIONS: readonly { href: string; text: string; description: string; needs: TrustAction[] | 'ownWards' }[] = [
  { href: '/admin/wards', text: 'Hospitals and wards', description: 'Add hospitals and wards, set visiting hours, visit length and how many visits run at once, archive a ward', needs: ['MANAGE_WARDS', 'MANAGE_HOSPITALS'] },
  { href: '/admin/wards', text: 'Your wards’ settings', description: 'Visiting hours, visit length, visits at once and the wards’ feature flags', needs: 'ownWards' },
  { href: '/admin/flags', text: 'Feature flags', description: 'What the trust’s wards do by default, and where a ward does otherwise', needs: ['MANAGE_FEATURE_FLAGS'] },
  { href: '/admin/branding', text: 'Branding', description: 'The name, colour, logo and phone number families see', needs: ['UPDATE_SETTINGS'] },
  { href: '/admin/messaging', text: 'Messaging', description: 'GOV.UK Notify templates, sender and reminders; send a test message', needs: ['UPDATE_SETTINGS'] },
  { href: '/admin/video', text: 'Video', description: 'The video provider and its settings; test it', needs: ['UPDATE_SETTINGS'] },
  { href: '/admin/staff', text: 'Staff', description: 'Invite staff, change and revoke their roles, see who signed in when', needs: ['MANAGE_STAFF'] },
  { href: '/admin/audit', text: 'Audit', description: 'Who did what to which record, and when', needs: ['READ_AUDIT'] },
];

export function adminHomeRoutes({ api, page }: AdminRoutesOptions) {
  const router = consoleRouter();

  router.get('/', async (req, res, next) => {
    try {
      const data = await api.request(callerOf(req), AdminHomeDocument, {});
      const allowed = data.trust.allowedActions;
      const ownWards = !allowed.includes('MANAGE_WARDS') && data.wards.some((w) => w.canChangeSettings);
      const sections = ADMIN_SECTIONS.filter((s) => (s.needs === 'ownWards' ? ownWards : s.needs.some((a) => allowed.includes(a))));
      if (sections.length === 0) throw new ApiError('FORBIDDEN', 'nothing to run');
      page(req, res, 'admin/admin-home.njk', { pageTitle: `Running ${data.trust.name}`, trustName: data.trust.name, sections });
    } catch (error) {
      next(error);
    }
  });

  return router;
}
