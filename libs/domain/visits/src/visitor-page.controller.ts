import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { Access, AttemptLimiter } from '@vv/platform/access';
import { createCspNonce, nhsukPageHeaders } from '@vv/ui/nhsuk';
import { VisitorLinkService, type VisitorLinkView } from './visitor-link.service';
import { renderVisitorPage } from './visitor-page.view';

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
  /** 20 links that do not work from one address in 10 minutes, then a pause. */
  private readonly guesses = new AttemptLimiter(20, 10 * 60_000);

  constructor(@Inject(VisitorLinkService) private readonly links: VisitorLinkService) {}

  @Get('visit/:ods/:token')
  async page(@Param('ods') ods: string, @Param('token') token: string, @Req() req: PageRequest, @Res() res: PageResponse): Promise<void> {
    const client = req.ip ?? 'unknown';
    if (this.guesses.isBlocked(client)) return this.send(res, 429, await this.links.trustOnly(ods), token, ods, true);
    const view = await this.links.view(ods, token);
    if (view.state === 'unknown') this.guesses.recordFailure(client);
    this.send(res, 200, view, token, ods);
  }

  @Post('visit/:ods/:token/join')
  async join(@Param('ods') ods: string, @Param('token') token: string, @Req() req: PageRequest, @Res() res: PageResponse): Promise<void> {
    const client = req.ip ?? 'unknown';
    if (this.guesses.isBlocked(client)) return this.send(res, 429, await this.links.trustOnly(ods), token, ods, true);
    const result = await this.links.join(ods, token);
    if ('url' in result) {
      securityHeaders(res, createCspNonce());
      return res.redirect(303, result.url);
    }
    if (result.state === 'unknown') this.guesses.recordFailure(client);
    this.send(res, 200, result, token, ods);
  }

  private send(res: PageResponse, status: number, view: VisitorLinkView, token: string, ods: string, tooManyAttempts = false): void {
    const nonce = createCspNonce();
    securityHeaders(res, nonce);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.status(status).send(renderVisitorPage(view, { joinAction: `/visit/${encodeURIComponent(ods)}/${encodeURIComponent(token)}/join`, nonce, tooManyAttempts }));
  }
}

/** The NHS.UK pages' strict headers (CSP with this origin only, no store, no referrer), plus: the join form may hand over to the video service's https address. */
function securityHeaders(res: PageResponse, nonce: string): void {
  for (const [name, value] of Object.entries(nhsukPageHeaders({ nonce, formAction: ['https:'] }))) res.setHeader(name, value);
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}
