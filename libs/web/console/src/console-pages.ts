import type { Request, Response } from 'express';
import { createCspNonce, nhsukPageHeaders, type NhsukRenderer } from '@vv/ui/nhsuk';
import type { Role } from './api/generated';

export interface PageContext {
  pageTitle: string;
  /** https origins this page shows images from (a trust's logo in the branding preview). */
  imageOrigins?: readonly string[];
  [key: string]: unknown;
}

/** Renders a page with its own CSP nonce and no-store headers, and what every page shows. */
export function createPageRenderer(renderer: NhsukRenderer, csrfToken: (req: Request) => string, signInOrigin: string) {
  return function renderPage(req: Request, res: Response, template: string, context: PageContext, status = 200): void {
    const nonce = createCspNonce();
    const session = req.session;
    const person = session?.person;
    const flash = session?.flash;
    if (session && flash) delete session.flash;
    // signing out answers with a redirect to the identity provider's sign-out page
    res.status(status).set({ ...nhsukPageHeaders({ nonce, formAction: [signInOrigin], imageOrigins: context.imageOrigins }), 'content-type': 'text/html; charset=utf-8' });
    res.send(
      renderer.render(template, {
        ...context,
        cspNonce: nonce,
        csrfToken: session ? csrfToken(req) : undefined,
        service: { text: 'Virtual Visits', href: '/' },
        organisation: session?.trust ? { name: session.trust.name } : undefined,
        account: person
          ? {
              items: [
                { text: person.displayName, icon: true },
                ...(person.trusts.length > 1 ? [{ text: 'Change trust', href: '/choose-trust' }] : []),
                { text: 'Sign out', href: '/sign-out' },
              ],
            }
          : undefined,
        navigation: navigationFor(req),
        footerLinks: [
          { text: 'Accessibility statement', href: '/accessibility' },
          { text: 'Privacy notice', href: '/privacy' },
        ],
        flash: context.flash ?? flash,
      }),
    );
  };
}

const WARD_ROLES: readonly Role[] = ['WARD_STAFF', 'WARD_MANAGER'];
const REPORT_ROLES: readonly Role[] = ['REPORTING_ANALYST', 'TRUST_ADMIN', 'GROUP_ADMIN'];
/** Roles that run some of the trust (the admin area offers each only what the API lets them do). */
const ADMIN_ROLES: readonly Role[] = ['TRUST_ADMIN', 'GROUP_ADMIN', 'WARD_MANAGER'];

/** The header's menu: the parts of the console the person's roles in the active trust open (none for ward staff alone). */
function navigationFor(req: Request): { items: { text: string; href: string; current: boolean }[] } | undefined {
  const roles = req.session?.person ? (req.session.trust?.roles ?? []) : [];
  const items = [
    ...(roles.some((r) => WARD_ROLES.includes(r)) ? [{ text: 'Ward’s day', href: '/', current: req.path === '/' }] : []),
    ...(roles.some((r) => REPORT_ROLES.includes(r)) ? [{ text: 'Reports', href: '/reports', current: req.path.startsWith('/reports') }] : []),
    ...(roles.some((r) => ADMIN_ROLES.includes(r)) ? [{ text: 'Admin', href: '/admin', current: req.originalUrl.startsWith('/admin') }] : []),
    ...(req.session?.person?.platformRoles?.some((held) => held.role === 'PLATFORM_ADMIN')
      ? [
          { text: 'Trusts', href: '/platform', current: /^\/platform(\/(onboard|trusts)|\/?$|\?)/.test(req.originalUrl) },
          { text: 'Groups', href: '/platform/groups', current: req.originalUrl.startsWith('/platform/groups') },
          { text: 'Roles', href: '/platform/roles', current: req.originalUrl.startsWith('/platform/roles') },
        ]
      : []),
  ];
  return items.some((item) => item.href !== '/') ? { items } : undefined;
}

export type RenderPage = ReturnType<typeof createPageRenderer>;
