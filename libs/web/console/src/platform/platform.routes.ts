import type { Request, Response } from 'express';
import { ApiError, type ConsoleApi, type FieldProblem } from '../api/console-api';
import { OnboardingPreviewDocument, OnboardTrustDocument, PlatformTrustsDocument, SetTrustStatusDocument, TrustConfigurationExportDocument, type TrustStatus, type TrustStatusChange } from '../api/generated';
import type { RenderPage } from '../console-pages';
import { callerOf } from '../sign-in/sign-in.routes';
import { consoleRouter } from '../record-ids';

export interface PlatformRoutesOptions {
  api: ConsoleApi;
  page: RenderPage;
}

/** A trust's status in words and the NHS.UK tag colour it shows in. */
export const TRUST_STATUS: Record<TrustStatus, { text: string; colour: string }> = {
  ONBOARDING: { text: 'Onboarding', colour: 'blue' },
  ACTIVE: { text: 'Active', colour: 'green' },
  SUSPENDED: { text: 'Suspended', colour: 'orange' },
  ARCHIVED: { text: 'Archived', colour: 'grey' },
};

/**
 * Each change of status: what it is called, what it does (said before anyone confirms), and from
 * where it may be made. Its page's address names it in lower case (/status/suspended).
 */
const STATUS_CHANGES: Record<TrustStatusChange, { verb: string; done: string; from: TrustStatus[]; consequences: string[] }> = {
  SUSPENDED: {
    verb: 'Suspend',
    done: 'suspended',
    from: ['ONBOARDING', 'ACTIVE'],
    consequences: [
      'Its staff cannot sign in, and anyone signed in is stopped on their next page.',
      'No texts or emails go to families while it is suspended.',
      'Everything it holds is kept: visits, history, settings and staff.',
      'You can reactivate it at any time.',
    ],
  },
  ACTIVE: {
    verb: 'Reactivate',
    done: 'reactivated',
    from: ['ONBOARDING', 'SUSPENDED'],
    consequences: ['Its staff can sign in again with the roles they had.', 'Messages to families go out again.'],
  },
  ARCHIVED: {
    verb: 'Archive',
    done: 'archived',
    from: ['ONBOARDING', 'ACTIVE', 'SUSPENDED'],
    consequences: [
      'Its staff can still read its records, but nothing can be changed: no bookings, no settings, no staff.',
      'Personal details of its visits are erased at the end of its retention period, as before.',
      'This cannot be undone: to bring the trust back it must be onboarded again.',
    ],
  },
};

/** The API's problems with an onboarding, as the error summary says them and where each link goes. */
function onboardingErrors(problems: readonly FieldProblem[]) {
  const summary = problems.map((problem) => {
    if (problem.field === 'firstAdminEmail') return { text: `First admin’s email address ${problem.message}`, href: '#firstAdminEmail' };
    if (problem.field.startsWith('document.')) return { text: `In the document, ${problem.field.slice('document.'.length)}: ${problem.message}`, href: '#document' };
    if (problem.field.startsWith('document')) return { text: `The document${problem.field.slice('document'.length)}: ${problem.message}`, href: '#document' };
    return { text: `${problem.field}: ${problem.message}`, href: '#document' };
  });
  const byField: Record<string, string> = {};
  const documentProblems = summary.filter((s) => s.href === '#document').map((s) => s.text);
  if (documentProblems.length) byField.document = documentProblems.length === 1 ? documentProblems[0] : `The document has ${documentProblems.length} problems (listed above)`;
  const email = summary.find((s) => s.href === '#firstAdminEmail');
  if (email) byField.firstAdminEmail = email.text;
  return { summary, byField };
}

async function findTrust(api: ConsoleApi, req: Request) {
  const { platformTrusts } = await api.request(callerOf(req), PlatformTrustsDocument, {});
  const trust = platformTrusts.find((t) => t.odsCode === String(req.params.odsCode).toUpperCase());
  if (!trust) throw new ApiError('NOT_FOUND', 'no such trust');
  return trust;
}

/**
 * The central team's pages (platform admins): every trust at a glance, onboarding a trust
 * from its configuration document (checked and shown as a list of changes before it is
 * applied, with its first admin invited in the same step), a trust's status changed with
 * the consequences said first, and its configuration exported. The API decides who may.
 */
export function platformRoutes({ api, page }: PlatformRoutesOptions) {
  const router = consoleRouter();

  router.get('/', async (req, res, next) => {
    try {
      const { platformTrusts } = await api.request(callerOf(req), PlatformTrustsDocument, {});
      page(req, res, 'platform/trusts.njk', {
        pageTitle: 'Trusts on the platform',
        trusts: platformTrusts.map((t) => ({ ...t, state: TRUST_STATUS[t.status] ?? { text: t.status, colour: 'grey' } })),
      });
    } catch (error) {
      next(error);
    }
  });

  router.get('/onboard', async (req, res, next) => {
    try {
      // the form is the API's to refuse: ask it who may, so someone else gets the kind page before typing anything
      await api.request(callerOf(req), PlatformTrustsDocument, {});
      page(req, res, 'platform/onboard.njk', { pageTitle: 'Onboard a trust', values: {} });
    } catch (error) {
      next(error);
    }
  });

  async function onboard(req: Request, res: Response) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const pasted = typeof body.document === 'string' ? body.document.replace(/\r\n/g, '\n') : '';
    const upload = req.onboardingUpload;
    const document = upload?.text ?? pasted;
    const firstAdminEmail = typeof body.firstAdminEmail === 'string' ? body.firstAdminEmail.trim() : '';
    const values = { document, firstAdminEmail };
    const again = (errors: ReturnType<typeof onboardingErrors>) => page(req, res, 'platform/onboard.njk', { pageTitle: 'Onboard a trust', values, hasErrors: true, errors }, 400);
    if (upload?.problem) return again({ summary: [{ text: upload.problem, href: '#file' }], byField: { file: upload.problem } });
    if (!document.trim()) return again(onboardingErrors([{ field: 'document', message: 'is empty: paste the trust’s configuration, or choose its file' }]));
    const input = { document, firstAdminEmail: firstAdminEmail || null };
    try {
      if (body.action !== 'apply') {
        const { onboardingPreview: preview } = await api.request(callerOf(req), OnboardingPreviewDocument, { input });
        return page(req, res, 'platform/onboard.njk', { pageTitle: 'Onboard a trust', values, preview });
      }
      const { onboardTrust: trust } = await api.request(callerOf(req), OnboardTrustDocument, { input });
      req.session.flash = {
        text: `${trust.name} is on the platform.${firstAdminEmail ? ` ${firstAdminEmail.toLowerCase()} is invited as its first admin: their first sign-in with that address makes them its trust admin.` : ''}`,
      };
      req.session.save(() => res.redirect(303, `/platform/trusts/${encodeURIComponent(trust.odsCode)}`));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'BAD_USER_INPUT') return again(onboardingErrors(error.fields));
      if (error instanceof ApiError && error.code === 'CONFLICT') return again(onboardingErrors([{ field: 'document', message: error.message }]));
      throw error;
    }
  }

  router.post('/onboard', (req, res, next) => onboard(req, res).catch(next));

  router.get('/trusts/:odsCode', async (req, res, next) => {
    try {
      const trust = await findTrust(api, req);
      page(req, res, 'platform/trust.njk', {
        pageTitle: trust.name,
        trust: { ...trust, state: TRUST_STATUS[trust.status] ?? { text: trust.status, colour: 'grey' } },
        changes: (Object.entries(STATUS_CHANGES) as [TrustStatusChange, (typeof STATUS_CHANGES)[TrustStatusChange]][])
          .filter(([, change]) => change.from.includes(trust.status))
          .map(([status, change]) => ({ status, path: status.toLowerCase(), verb: change.verb })),
      });
    } catch (error) {
      next(error);
    }
  });

  function statusChange(req: Request): [TrustStatusChange, (typeof STATUS_CHANGES)[TrustStatusChange]] {
    const status = String(req.params.status).toUpperCase() as TrustStatusChange;
    const change = Object.hasOwn(STATUS_CHANGES, status) ? STATUS_CHANGES[status] : undefined;
    if (!change) throw new ApiError('NOT_FOUND', 'no such status');
    return [status, change];
  }

  router.get('/trusts/:odsCode/status/:status', async (req, res, next) => {
    try {
      const [status, change] = statusChange(req);
      const trust = await findTrust(api, req);
      if (!change.from.includes(trust.status)) throw new ApiError('NOT_FOUND', 'not from this status');
      page(req, res, 'platform/status.njk', { pageTitle: `${change.verb} ${trust.name}?`, trust, status, path: status.toLowerCase(), change });
    } catch (error) {
      next(error);
    }
  });

  router.post('/trusts/:odsCode/status/:status', async (req, res, next) => {
    try {
      const [status, change] = statusChange(req);
      const { setTrustStatus: trust } = await api.request(callerOf(req), SetTrustStatusDocument, { odsCode: String(req.params.odsCode).toUpperCase(), status });
      req.session.flash = { text: `${trust.name} is ${change.done}.` };
      req.session.save(() => res.redirect(303, `/platform/trusts/${encodeURIComponent(trust.odsCode)}`));
    } catch (error) {
      next(error);
    }
  });

  /** The trust's configuration as it runs, in the tenants/ format, to keep in git. */
  router.get('/trusts/:odsCode/trust.yaml', async (req, res, next) => {
    try {
      const odsCode = String(req.params.odsCode).toUpperCase();
      const { trustConfiguration } = await api.request(callerOf(req), TrustConfigurationExportDocument, { odsCode });
      res.status(200).set({
        'content-type': 'application/yaml; charset=utf-8',
        'content-disposition': `attachment; filename="${odsCode.replace(/[^A-Z0-9]/g, '')}-trust.yaml"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.send(trustConfiguration);
    } catch (error) {
      next(error);
    }
  });

  return router;
}
