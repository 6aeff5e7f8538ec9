import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { Access, clientKey, FailedAttemptLimiter } from '@vv/platform/access';
import { createCspNonce, nhsukPageHeaders } from '@vv/ui/nhsuk';
import { VisitorLinkService, type VisitorLinkView } from './visitor-link.service';
import { renderVisitorPage } from './visitor-page.view';

/** Counts visitor links that do not work, per client address: 20 in 10 minutes, then a pause. */
export const VISITOR_LINK_GUESSES = Symbol('VISITOR_LINK_GUESSES');

interface PageRequest {
  ip?: string;
}
interface PageResponse {
  status(code: number): PageResponse;
  setHeader(name: string, value: string): void;
  send(body: string | Buffer): void;
  redirect(status: number, url: string): void;
}

/**
 * The links families receive. No account: the unguessable link is the credential. Pages
 * are never cached, send no referrer, run no scripts, and an unusable link gets a kind
 * explanation (with the trust's number) rather than an error.
 */
@Controller()
@Access.public('visitors have no account; the unguessable link is their credential')
export class VisitorPageController {
  constructor(
    @Inject(VisitorLinkService) private readonly links: VisitorLinkService,
    @Inject(VISITOR_LINK_GUESSES) private readonly guesses: FailedAttemptLimiter,
  ) {}

  @Get('visit/:ods/:token')
  async page(@Param('ods') ods: string, @Param('token') token: string, @Req() req: PageRequest, @Res() res: PageResponse): Promise<void> {
    const view = await this.links.view(ods, token);
    // the page asking them to wait keeps the trust's name, number and footer
    if (await this.refused(view, req)) return this.send(res, 429, view, token, ods, true);
    this.send(res, 200, view, token, ods);
  }

  @Post('visit/:ods/:token/join')
  async join(@Param('ods') ods: string, @Param('token') token: string, @Req() req: PageRequest, @Res() res: PageResponse): Promise<void> {
    const result = await this.links.join(ods, token);
    if ('url' in result) {
      securityHeaders(res, createCspNonce());
      return res.redirect(303, result.url);
    }
    if (await this.refused(result, req)) return this.send(res, 429, result, token, ods, true);
    this.send(res, 200, result, token, ods);
  }

  /**
   * The link is checked first, so a link that works always opens, even from an address
   * (a hospital's or a mobile network's, shared by many families) that others have used
   * for guessing. Only links that do not work are counted, and past the limit they are
   * refused with a request to wait.
   */
  private async refused(view: VisitorLinkView, req: PageRequest): Promise<boolean> {
    if (view.state !== 'unknown') return false;
    return this.guesses.recordFailure(clientKey(req.ip));
  }

  private send(res: PageResponse, status: number, view: VisitorLinkView, token: string, ods: string, tooManyAttempts = false): void {
    const nonce = createCspNonce();
    securityHeaders(res, nonce);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.status(status).send(renderVisitorPage(view, { joinAction: `/visit/${encodeURIComponent(ods)}/${encodeURIComponent(token)}/join`, nonce, tooManyAttempts }));
  }
}

/**
 * An address under /visit/ that is no link at all (cut short, or with characters that cannot
 * be decoded): the family gets the same kind page as for a link that does not work, with the
 * status the request earned, never the API's JSON.
 */
export function answerUnusableVisitorLink(res: PageResponse, status: number): void {
  const nonce = createCspNonce();
  securityHeaders(res, nonce);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.status(status).send(renderVisitorPage({ state: 'unknown' }, { joinAction: '', nonce }));
}

/** The addresses families' links live under. */
export const VISITOR_LINK_PATH = /^\/visit(?:\/|$|\?)/i;

/** The NHS.UK pages' strict headers (CSP with this origin only, no store, no referrer), plus: the join form may hand over to the video service's https address. */
function securityHeaders(res: PageResponse, nonce: string): void {
  for (const [name, value] of Object.entries(nhsukPageHeaders({ nonce, formAction: ['https:'] }))) res.setHeader(name, value);
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}
