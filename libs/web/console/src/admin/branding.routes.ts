import type { Request, Response } from 'express';
import { AdminBrandingDocument, UpdateBrandingDocument } from '../api/generated';
import { callerOf } from '../sign-in/sign-in.routes';
import type { FormErrors } from '../visits/visit-form';
import { formText, requireAction, submitted, type AdminRoutesOptions } from './admin-home.routes';
import { BRANDING_PREVIEW_SCRIPT, contrastVerdict } from './branding-contrast';
import { consoleRouter } from '../record-ids';

const BRANDING_FIELDS = {
  displayName: { label: 'Display name', anchor: 'displayName' },
  primaryColour: { label: 'Colour', anchor: 'primaryColour' },
  logoUrl: { label: 'Logo address', anchor: 'logoUrl' },
  contactPhone: { label: 'Phone number for families', anchor: 'contactPhone' },
};

type BrandingValues = Record<keyof typeof BRANDING_FIELDS, string>;

/** The logo's origin, for the preview's image: https only (the API takes nothing else). */
function logoOrigin(logoUrl: string): string[] {
  try {
    const url = new URL(logoUrl);
    return url.protocol === 'https:' ? [url.origin] : [];
  } catch {
    return [];
  }
}

/**
 * The trust's branding (trust admins): display name, colour, logo and phone number, with a
 * preview of the family's page and the colour's contrast with white text, worked out on the
 * server for each page and again by a small script as the admin types. The API checks it too.
 */
export function adminBrandingRoutes({ api, page }: AdminRoutesOptions) {
  const router = consoleRouter();

  async function brandingPage(req: Request, res: Response, extra: { values?: BrandingValues; errors?: FormErrors } = {}) {
    const { trust } = await api.request(callerOf(req), AdminBrandingDocument, {});
    requireAction(trust.allowedActions, 'UPDATE_SETTINGS');
    const values = extra.values ?? { displayName: trust.branding.displayName, primaryColour: trust.branding.primaryColour, logoUrl: trust.branding.logoUrl ?? '', contactPhone: trust.branding.contactPhone };
    const verdict = contrastVerdict(values.primaryColour);
    page(
      req,
      res,
      'admin/branding.njk',
      {
        pageTitle: 'Branding',
        values,
        verdict,
        // the preview shows the saved colour until a better one is saved: never an unreadable banner
        previewColour: verdict.passes ? values.primaryColour : trust.branding.primaryColour,
        imageOrigins: logoOrigin(values.logoUrl),
        hasErrors: Boolean(extra.errors),
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    );
  }

  router.get('/branding', (req, res, next) => brandingPage(req, res).catch(next));

  router.get('/branding-preview.js', (_req, res) => {
    res.set({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }).send(BRANDING_PREVIEW_SCRIPT);
  });

  router.post('/branding', async (req, res, next) => {
    const values = Object.fromEntries(Object.keys(BRANDING_FIELDS).map((f) => [f, formText(req.body, f)])) as BrandingValues;
    await submitted(
      req,
      res,
      async () => {
        await api.request(callerOf(req), UpdateBrandingDocument, { input: { ...values, primaryColour: values.primaryColour.toUpperCase() } });
        return { flash: 'The branding is saved. Families see it on their next page and message.', redirect: '/admin/branding' };
      },
      (errors) => brandingPage(req, res, { values, errors }),
      BRANDING_FIELDS,
    ).catch(next);
  });

  return router;
}
