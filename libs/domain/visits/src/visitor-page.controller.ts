import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { Access, AttemptLimiter } from '@vv/platform/access';
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

const stylesheet = readFileSync(createRequire(import.meta.url).resolve('nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css'));

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
    if (this.guesses.isBlocked(client)) return this.send(res, 429, { state: 'unknown' }, token, ods, true);
    const view = await this.links.view(ods, token);
    if (view.state === 'unknown') this.guesses.recordFailure(client);
    this.send(res, 200, view, token, ods);
  }

  @Post('visit/:ods/:token/join')
  async join(@Param('ods') ods: string, @Param('token') token: string, @Req() req: PageRequest, @Res() res: PageResponse): Promise<void> {
    const client = req.ip ?? 'unknown';
    if (this.guesses.isBlocked(client)) return this.send(res, 429, { state: 'unknown' }, token, ods, true);
    const result = await this.links.join(ods, token);
    if ('url' in result) {
      securityHeaders(res, randomBytes(16).toString('base64'));
      return res.redirect(303, result.url);
    }
    if (result.state === 'unknown') this.guesses.recordFailure(client);
    this.send(res, 200, result, token, ods);
  }

  @Get('visit-assets/nhsuk-frontend.min.css')
  styles(@Res() res: PageResponse): void {
    res.setHeader('Content-Type', 'text/css; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(stylesheet);
  }

  private send(res: PageResponse, status: number, view: VisitorLinkView, token: string, ods: string, tooManyAttempts = false): void {
    const nonce = randomBytes(16).toString('base64');
    securityHeaders(res, nonce);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.status(status).send(renderVisitorPage(view, { joinAction: `/visit/${encodeURIComponent(ods)}/${encodeURIComponent(token)}/join`, nonce, tooManyAttempts }));
  }
}

function securityHeaders(res: PageResponse, nonce: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'self' 'nonce-${nonce}'; img-src 'self' https:; font-src 'self'; form-action 'self' https:; base-uri 'none'; frame-ancestors 'none'`,
  );
}
