import { fileURLToPath } from 'node:url';
import { createNhsukRenderer } from '@vv/ui/nhsuk';
import type { VisitorLinkView } from './visitor-link.service';

const renderer = createNhsukRenderer({ templateDirs: [fileURLToPath(new URL('./templates', import.meta.url))] });

/** Which page the family sees, each with its own title. */
export type VisitorPage = 'ready' | 'joined' | 'not-yet' | 'ended' | 'cancelled' | 'unknown' | 'wait';

export const VISITOR_PAGE_TITLES: Readonly<Record<VisitorPage, string>> = {
  ready: 'Join your video visit',
  joined: 'Your video visit has started',
  'not-yet': 'Your video visit has not started yet',
  ended: 'This video visit has ended',
  cancelled: 'This video visit has been cancelled',
  unknown: 'This link does not work',
  wait: 'Please wait a few minutes',
};

export function visitorPageOf(view: VisitorLinkView, tooManyAttempts = false): VisitorPage {
  if (tooManyAttempts) return 'wait';
  switch (view.state) {
    case 'open':
      return view.joined ? 'joined' : 'ready';
    case 'not_yet':
      return 'not-yet';
    case 'ended':
      return 'ended';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

/**
 * The visitor's page, from the NHS.UK frontend's own templates: the NHS logo with the trust's
 * name, a skip link, the trust's accessibility statement and privacy notice in the footer, its
 * number on every state, times the NHS way (5:30pm, Europe/London). No scripts but the
 * template's one nonced line; everything shown is escaped. It names the trust, the ward and
 * the time, never the patient.
 */
export function renderVisitorPage(view: VisitorLinkView, options: { joinAction: string; nonce: string; tooManyAttempts?: boolean }): string {
  const page = visitorPageOf(view, options.tooManyAttempts);
  const brand = view.branding;
  const footerLinks = [
    brand?.accessibilityStatementUrl ? { text: 'Accessibility statement', href: brand.accessibilityStatementUrl } : null,
    brand?.privacyNoticeUrl ? { text: 'Privacy notice', href: brand.privacyNoticeUrl } : null,
  ].filter((link) => link !== null);
  return renderer.render('visitor-page.njk', {
    page,
    pageTitle: VISITOR_PAGE_TITLES[page],
    htmlLang: 'en-GB',
    cspNonce: options.nonce,
    withScript: false,
    service: { text: 'Video visit' },
    organisation: brand ? { name: brand.displayName } : undefined,
    footerLinks,
    joinAction: options.joinAction,
    trustName: view.trustName ?? brand?.displayName,
    phone: brand?.contactPhone,
    phoneDial: brand?.contactPhone.replace(/\s/g, ''),
    wardName: view.wardName,
    hospitalName: view.hospitalName,
    startsAt: view.startsAt,
    lengthMinutes: view.lengthMinutes,
  });
}
