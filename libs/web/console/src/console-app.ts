import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import connectPgSimple from 'connect-pg-simple';
import { createClient } from 'redis';
import { csrfSync } from 'csrf-sync';
import { createNhsukRenderer, nhsukAssets } from '@vv/ui/nhsuk';
import { ApiError, ConsoleApi } from './api/console-api';
import type { ConsoleEnvironment } from './console-config';
import { createPageRenderer } from './console-pages';
import { SignInClient } from './sign-in/sign-in-client';
import { requireSignedIn, requireTrust, signInRoutes } from './sign-in/sign-in.routes';
import { wardRoutes } from './wards/ward.routes';
import { visitRoutes } from './visits/visit.routes';
import { reportRoutes } from './reports/reports.routes';
import { platformRoutes } from './platform/platform.routes';
import { platformRolesRoutes } from './platform/platform-roles.routes';
import { onboardingUpload } from './platform/onboarding-upload';
import { adminHomeRoutes } from './admin/admin-home.routes';
import { adminWardsRoutes } from './admin/wards.routes';
import { adminFlagsRoutes } from './admin/flags.routes';
import { adminBrandingRoutes } from './admin/branding.routes';
import { adminStaffRoutes } from './admin/staff.routes';
import { adminMessagingRoutes } from './admin/messaging.routes';
import { adminVideoRoutes } from './admin/video.routes';
import { adminAuditRoutes } from './admin/audit.routes';
import { platformStatisticsRoutes } from './platform/platform-statistics.routes';
import { isRefusedId } from './record-ids';
import { isUnreadableForm, utf8FormOnly } from './form-text';
import './console-session';

export interface ConsoleOptions {
  config: ConsoleEnvironment;
  /** The console's clock (the ward's day, idle time, token expiry); tests pass their own. */
  clock?: () => Date;
}

export interface StaffConsole {
  app: express.Express;
  /** Where its sessions live. */
  sessionStore: 'redis' | 'postgresql' | 'memory';
  close(): Promise<void>;
}

const templates = fileURLToPath(new URL('./templates', import.meta.url));

/**
 * The staff console: server-rendered NHS.UK pages over the public GraphQL API, signed in
 * with Entra ID (authorization code + PKCE), tokens kept in a server-side session.
 */
export async function createStaffConsole(options: ConsoleOptions): Promise<StaffConsole> {
  const { config } = options;
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().getTime();
  const local = config.NODE_ENV !== 'production';
  const publicUrl = (config.WEB_PUBLIC_URL ?? `http://localhost:${config.WEB_PORT}`).replace(/\/+$/, '');
  const secure = publicUrl.startsWith('https://');
  // Browsers accept the __Host- prefix only on a Secure cookie: plain-http local development uses a plain name.
  const cookieName = secure ? '__Host-vv-session' : 'vv-session';

  const api = new ConsoleApi(config.API_URL);
  const client = new SignInClient(
    {
      authority: config.ENTRA_SIGN_IN_AUTHORITY,
      clientId: config.WEB_CLIENT_ID!,
      clientSecret: config.WEB_CLIENT_SECRET!,
      redirectUri: `${publicUrl}/auth/callback`,
      apiScope: config.ENTRA_API_SCOPE!,
      postLogoutRedirectUri: `${publicUrl}/signed-out`,
    },
    now,
  );
  if (!config.WEB_CLIENT_ID || !config.WEB_CLIENT_SECRET || !config.ENTRA_API_SCOPE) {
    throw new Error('The console needs WEB_CLIENT_ID, WEB_CLIENT_SECRET and ENTRA_API_SCOPE to sign anyone in.');
  }

  const sessions = await sessionStore(config);
  const idleMs = config.WEB_IDLE_MINUTES * 60_000;

  const app = express();
  app.disable('x-powered-by');
  app.set('session cookie name', cookieName);
  if (secure) app.set('trust proxy', 1);
  app.use(nhsukAssets());
  app.use(
    session({
      name: cookieName,
      secret: config.SESSION_SECRET ?? (local ? randomBytes(32).toString('base64') : ''),
      store: sessions.store,
      resave: false,
      saveUninitialized: false,
      rolling: false,
      cookie: { httpOnly: true, secure, sameSite: 'lax', path: '/' },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '32kb', verify: utf8FormOnly }));

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });
  const renderer = createNhsukRenderer({ templateDirs: [templates], watch: local && config.NODE_ENV === 'development' });
  const page = createPageRenderer(renderer, (req) => generateToken(req), new URL(config.ENTRA_SIGN_IN_AUTHORITY).origin);
  // the onboarding form may carry a file: its body is read before the CSRF check looks in it
  app.post('/platform/onboard', onboardingUpload);
  app.use(csrfSynchronisedProtection);

  const signedIn = requireSignedIn({ client, now, idleMs });
  app.use(signInRoutes({ client, api, page, now, idleMs, publicUrl }));
  app.get('/', (req, res, next) => (req.session.person ? next() : page(req, res, 'start.njk', { pageTitle: 'Virtual Visits for ward staff' })));
  app.get(['/accessibility', '/privacy'], (req, res) =>
    page(req, res, req.path === '/privacy' ? 'privacy.njk' : 'accessibility.njk', { pageTitle: req.path === '/privacy' ? 'Privacy notice' : 'Accessibility statement' }),
  );
  app.use('/platform', signedIn, platformRoutes({ api, page }), platformRolesRoutes({ api, page }), platformStatisticsRoutes({ api, page, clock }));
  app.use('/admin', signedIn, requireTrust, adminHomeRoutes({ api, page }), adminWardsRoutes({ api, page }), adminFlagsRoutes({ api, page }), adminBrandingRoutes({ api, page }), adminStaffRoutes({ api, page }),
    adminMessagingRoutes({ api, page }), adminVideoRoutes({ api, page }), adminAuditRoutes({ api, page }));
  app.use(signedIn, requireTrust, reportRoutes({ api, page, clock }), wardRoutes({ api, page, clock }), visitRoutes({ api, page, clock }));

  app.use((req: Request, res: Response) => page(req, res, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (isCsrfError(error)) return page(req, res, 'errors/form-expired.njk', { pageTitle: 'This form has expired' }, 403);
    if (error instanceof ApiError) {
      if (error.code === 'NOT_FOUND' || isRefusedId(error)) return page(req, res, 'errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
      if (error.code === 'FORBIDDEN') return page(req, res, 'errors/forbidden.njk', { pageTitle: 'You cannot do this' }, 403);
      if (error.code === 'UNAUTHENTICATED') return req.session.destroy(() => res.redirect(303, '/signed-out?reason=expired'));
    }
    if (isUnreadableForm(error)) return page(req, res, 'errors/bad-request.njk', { pageTitle: 'What you sent could not be read', unreadableForm: true }, 400);
    const status = clientErrorStatus(error);
    if (status === 413) return page(req, res, 'errors/bad-request.njk', { pageTitle: 'What you sent is too long', tooLong: true }, 413);
    if (status) return page(req, res, 'errors/bad-request.njk', { pageTitle: 'This address could not be read' }, 400);
    // the route's pattern, never the path itself: a mistyped address may hold a name
    process.stderr.write(`${JSON.stringify({ level: 'error', service: 'web', msg: 'page failed', route: (req.route as { path?: string } | undefined)?.path ?? null, error: error instanceof Error ? error.name : 'unknown', code: error instanceof ApiError ? error.code : undefined })}\n`);
    page(req, res, 'errors/problem.njk', { pageTitle: 'Sorry, there is a problem with the service' }, 500);
  });

  return {
    app,
    sessionStore: sessions.kind,
    close: sessions.close,
  };
}

/** A request the console cannot read (an address that does not decode, a form over the size limit): 400–499, or null. */
function clientErrorStatus(error: unknown): number | null {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/** A signed-in session lasts at most this long, whatever the idle limit. */
const SESSION_TTL_SECONDS = 12 * 3600;

/**
 * Where sessions live: Redis when REDIS_URL is set, otherwise PostgreSQL when
 * WEB_SESSION_DATABASE_URL is, otherwise this process's memory (a local start only: the
 * configuration refuses it in production).
 */
async function sessionStore(config: ConsoleEnvironment): Promise<{ store?: session.Store; kind: 'redis' | 'postgresql' | 'memory'; close(): Promise<void> }> {
  if (config.REDIS_URL) {
    const redis = createClient({ url: config.REDIS_URL });
    await redis.connect();
    return {
      kind: 'redis',
      store: new RedisStore({ client: redis, prefix: config.REDIS_SESSION_PREFIX, ttl: SESSION_TTL_SECONDS }),
      close: async () => void (await redis.quit()),
    };
  }
  if (config.WEB_SESSION_DATABASE_URL) {
    const PgStore = connectPgSimple(session);
    const store = new PgStore({
      conObject: { connectionString: config.WEB_SESSION_DATABASE_URL, max: 5, connectionTimeoutMillis: 5000 },
      tableName: 'web_session',
      ttl: SESSION_TTL_SECONDS,
      errorLog: (...args: unknown[]) =>
        process.stderr.write(`${JSON.stringify({ level: 'error', service: 'web', msg: 'session store failed', error: args.find((a) => a instanceof Error)?.name ?? 'unknown' })}\n`),
    });
    return { kind: 'postgresql', store, close: async () => store.close() };
  }
  return { kind: 'memory', close: async () => undefined };
}

function isCsrfError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'EBADCSRFTOKEN';
}
