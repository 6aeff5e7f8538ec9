import type { Request } from 'express';
import { DateTime } from 'luxon';
import { NHS_TIME_ZONE } from '@vv/ui/nhsuk';
import { ApiError, type FieldProblem } from '../api/console-api';
import { AuditPageDocument, type AuditAction, type AuditEventFilterInput, type AuditOutcome, type AuditRecordKind } from '../api/generated';
import { callerOf } from '../sign-in/sign-in.routes';
import { formErrors, type FormFields } from '../visits/visit-form';
import type { AdminRoutesOptions } from './admin-home.routes';
import { AUDIT_ACTION_WORDS, AUDIT_RECORD_WORDS, auditActionChoices, auditActionFilter } from './audit-words';
import { consoleRouter } from '../record-ids';

const AUDIT_FIELDS: FormFields = {
  person: { label: 'Person', anchor: 'person' },
  action: { label: 'Action', anchor: 'action' },
  from: { label: 'From', anchor: 'from' },
  to: { label: 'To', anchor: 'to' },
  after: { label: 'The page asked for', anchor: 'search' },
};
/** The API's names for the filters, as the form's. */
const FORM_FIELD_OF: Record<string, string> = { 'filter.staffId': 'person', 'filter.action': 'action', 'filter.area': 'action', 'filter.from': 'from', 'filter.to': 'to' };

export const AUDIT_PAGE_SIZE = 25;

/** An outcome in words and the NHS.UK tag colour it shows in. */
const OUTCOMES: Record<AuditOutcome, { text: string; colour: string }> = {
  SUCCESS: { text: 'Done', colour: 'green' },
  DENIED: { text: 'Refused', colour: 'orange' },
  FAILED: { text: 'Failed', colour: 'red' },
};

/** A day typed as yyyy-mm-dd, as the instant it starts in Europe/London (for `to`, the next day’s: the day is included). */
export function auditDayStart(text: string, field: 'from' | 'to'): { at?: string; problem?: FieldProblem } {
  if (!text) return {};
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone: NHS_TIME_ZONE }) : null;
  if (!day?.isValid || day.year < 2000 || day.year > 2099) return { problem: { field, message: 'must be a real date, like 2026-03-01' } };
  return { at: (field === 'to' ? day.plus({ days: 1 }) : day).toUTC().toISO()! };
}

const query = (req: Request, name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string).trim() : '');

/**
 * The trust's audit (trust admins, for its information governance leads): who did what to
 * which record, when and with what outcome, newest first, searched by person, action and
 * days (Europe/London, both included), a page at a time. A search is a GET, so its address
 * can be kept; it holds ids and dates only, never a name. The API audits each search.
 */
export function adminAuditRoutes({ api, page }: AdminRoutesOptions) {
  const router = consoleRouter();

  router.get('/audit', async (req, res, next) => {
    try {
      const values = { person: query(req, 'person'), action: query(req, 'action'), from: query(req, 'from'), to: query(req, 'to') };
      const after = query(req, 'after');
      const from = auditDayStart(values.from, 'from');
      const to = auditDayStart(values.to, 'to');
      const action = auditActionFilter(values.action);
      const problems = [from.problem, to.problem, 'problem' in action ? { field: 'action', message: action.problem } : undefined].filter((p): p is FieldProblem => Boolean(p));
      const filter: AuditEventFilterInput = {
        ...(values.person ? { staffId: values.person } : {}),
        ...('action' in action ? { action: action.action } : 'area' in action ? { area: action.area } : {}),
        ...(from.at ? { from: from.at } : {}),
        ...(to.at ? { to: to.at } : {}),
      };
      let data;
      try {
        if (problems.length) throw new ApiError('BAD_USER_INPUT', 'bad filter', problems);
        data = await api.request(callerOf(req), AuditPageDocument, { filter, first: AUDIT_PAGE_SIZE, after: after || null });
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'BAD_USER_INPUT')) throw error;
        // the form again, with what is wrong, over the newest events
        const errors = formErrors(error.fields, AUDIT_FIELDS, (field) => FORM_FIELD_OF[field] ?? field);
        const newest = await api.request(callerOf(req), AuditPageDocument, { filter: {}, first: AUDIT_PAGE_SIZE, after: null });
        return page(req, res, 'admin/audit.njk', { pageTitle: 'Audit', values, ...view(newest), hasErrors: true, errors, searched: false }, 400);
      }
      const next = data.auditEvents.pageInfo.hasNextPage && data.auditEvents.pageInfo.endCursor ? `/admin/audit?${new URLSearchParams({ ...values, after: data.auditEvents.pageInfo.endCursor })}` : null;
      const first = after ? `/admin/audit?${new URLSearchParams(values)}` : null;
      page(req, res, 'admin/audit.njk', { pageTitle: 'Audit', values, ...view(data), next, first, searched: Object.values(values).some(Boolean) });
    } catch (error) {
      next(error);
    }
  });

  return router;
}

type AuditNode = { outcome: AuditOutcome; action: AuditAction; targetType: AuditRecordKind } & Record<string, unknown>;

function view(data: { auditSearchOptions: { people: { id: string; displayName: string; email: string }[]; actions: AuditAction[] }; auditEvents: { edges: { node: AuditNode }[] } }) {
  return {
    people: data.auditSearchOptions.people,
    actions: auditActionChoices(data.auditSearchOptions.actions),
    events: data.auditEvents.edges.map(({ node }) => ({ ...node, state: OUTCOMES[node.outcome], what: AUDIT_ACTION_WORDS[node.action], record: AUDIT_RECORD_WORDS[node.targetType] })),
  };
}
