import type { NextFunction, Request, Response } from 'express';
import { ApiError, type ConsoleApi } from '../api/console-api';
import { ConsoleMeDocument } from '../api/generated';
import type { RenderPage } from '../console-pages';
import type { SignInClient } from './sign-in-client';
import { consoleRouter } from '../record-ids';

/** Tokens are refreshed when they have less than this left. */
const REFRESH_MARGIN_MS = 2 * 60_000;

export interface SignInRoutesOptions {
  client: SignInClient;
  api: ConsoleApi;
  page: RenderPage;
  now: () => number;
  idleMs: number;
  publicUrl: string;
}

/** Only a path on this site may be returned to after sign-in. */
function safeReturnTo(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?!\/)[^\\]*$/.test(value) ? value : undefined;
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

function destroy(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

export function signInRoutes(options: SignInRoutesOptions) {
  const { client, api, page, now } = options;
  const router = consoleRouter();

  router.get('/sign-in', async (req, res, next) => {
    try {
      const { url, pending } = await client.start();
      req.session.signIn = { ...pending, returnTo: safeReturnTo(req.query.returnTo) };
      req.session.save(() => res.redirect(303, url));
    } catch (error) {
      next(error);
    }
  });

  router.get('/auth/callback', async (req, res, next) => {
    const pending = req.session.signIn;
    if (!pending) return res.redirect(303, '/');
    if (typeof req.query.error === 'string') {
      delete req.session.signIn;
      return page(req, res, 'sign-in/sign-in-failed.njk', { pageTitle: 'You could not be signed in' }, 400);
    }
    try {
      const callbackUrl = new URL(req.originalUrl, options.publicUrl);
      const tokens = await client.finish(callbackUrl, pending);
      const { me } = await api.request({ accessToken: tokens.accessToken }, ConsoleMeDocument, {});
      // a new session id at the moment of signing in: nothing from before carries over
      await regenerate(req);
      req.session.tokens = tokens;
      req.session.lastSeenAt = now();
      req.session.person = { displayName: me.displayName, email: me.email, trusts: me.trusts.map(({ odsCode, name, roles }) => ({ odsCode, name, roles: [...roles] })), platformRoles: me.platformRoles.map(({ role, scope }) => ({ role, scope })) };
      if (me.trusts.length === 1) req.session.trust = req.session.person.trusts[0];
      const next = me.trusts.length === 0 ? (runsPlatform(req) ? '/platform' : '/no-role') : me.trusts.length > 1 ? '/choose-trust' : (pending.returnTo ?? '/');
      req.session.save(() => res.redirect(303, next));
    } catch (error) {
      delete req.session.signIn;
      // the API knows the token but no trust accepts this person: the kind page, not an error
      if (error instanceof ApiError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED')) {
        return page(req, res, 'sign-in/no-role.njk', { pageTitle: 'You do not have access yet' }, 403);
      }
      if (error instanceof ApiError) return next(error);
      page(req, res, 'sign-in/sign-in-failed.njk', { pageTitle: 'You could not be signed in' }, 400);
    }
  });

  router.get('/no-role', (req, res) => {
    if (!req.session.person) return res.redirect(303, '/');
    page(req, res, 'sign-in/no-role.njk', { pageTitle: 'You do not have access yet', email: req.session.person.email });
  });

  router.get('/choose-trust', requireSignedIn(options), (req, res) => {
    page(req, res, 'sign-in/choose-trust.njk', { pageTitle: 'Which trust are you working in?', trusts: req.session.person!.trusts, current: req.session.trust?.odsCode });
  });

  router.post('/choose-trust', requireSignedIn(options), (req, res) => {
    const chosen = req.session.person!.trusts.find((trust) => trust.odsCode === req.body?.trust);
    if (!chosen) {
      return page(req, res, 'sign-in/choose-trust.njk', { pageTitle: 'Which trust are you working in?', trusts: req.session.person!.trusts, error: 'Select the trust you are working in', hasErrors: true }, 400);
    }
    req.session.trust = chosen;
    req.session.save(() => res.redirect(303, '/'));
  });

  router.get('/sign-out', (req, res) => {
    if (!req.session.person) return res.redirect(303, '/signed-out');
    page(req, res, 'sign-in/sign-out.njk', { pageTitle: 'Sign out' });
  });

  router.post('/sign-out', async (req, res) => {
    await destroy(req);
    res.clearCookie(req.app.get('session cookie name') as string, { path: '/' });
    res.redirect(303, await client.signOutUrl().catch(() => '/signed-out'));
  });

  router.get('/signed-out', (req, res) => {
    const reason = req.query.reason === 'idle' ? 'idle' : req.query.reason === 'expired' ? 'expired' : undefined;
    page(req, res, 'sign-in/signed-out.njk', {
      pageTitle: reason ? 'You were signed out' : 'You have signed out',
      reason,
      idleMinutes: Math.round(options.idleMs / 60_000),
    });
  });

  return router;
}

/**
 * Pages behind sign-in: a person idle longer than the limit is signed out (a shared ward
 * device), and tokens are refreshed before they run out.
 */
export function requireSignedIn(options: Pick<SignInRoutesOptions, 'client' | 'now' | 'idleMs'>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const session = req.session;
    if (!session.tokens || !session.person) {
      const returnTo = req.method === 'GET' ? `?returnTo=${encodeURIComponent(req.originalUrl)}` : '';
      return res.redirect(303, `/sign-in${returnTo}`);
    }
    const now = options.now();
    if (session.lastSeenAt !== undefined && now - session.lastSeenAt > options.idleMs) {
      await destroy(req);
      return res.redirect(303, '/signed-out?reason=idle');
    }
    session.lastSeenAt = now;
    if (session.tokens.expiresAt - now < REFRESH_MARGIN_MS) {
      try {
        if (!session.tokens.refreshToken) throw new Error('no refresh token');
        session.tokens = await options.client.refresh(session.tokens.refreshToken);
      } catch {
        await destroy(req);
        return res.redirect(303, '/signed-out?reason=expired');
      }
    }
    next();
  };
}

/** Pages that work in one trust: someone in several picks it first; someone in none is told who to ask. */
export function requireTrust(req: Request, res: Response, next: NextFunction) {
  const person = req.session.person!;
  if (person.trusts.length === 0) return res.redirect(303, runsPlatform(req) ? '/platform' : '/no-role');
  if (!req.session.trust) return res.redirect(303, '/choose-trust');
  next();
}

/** A platform admin (the central team) works on the platform's pages, in no trust. */
export function runsPlatform(req: Request): boolean {
  return (req.session.person?.platformRoles ?? []).some((held) => held.role === 'PLATFORM_ADMIN');
}

export function callerOf(req: Request) {
  return { accessToken: req.session.tokens!.accessToken, trust: req.session.trust?.odsCode };
}
