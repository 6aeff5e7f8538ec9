import type { Request } from 'express';
import { ApiError, type ConsoleApi } from '../api/console-api';
import { VisitReportDocument, type Role } from '../api/generated';
import type { RenderPage } from '../console-pages';
import { callerOf } from '../sign-in/sign-in.routes';
import { drawReportCharts, minutes, percent } from './report-charts';
import { BUCKETS, bucketLabel, GROUPINGS, REPORT_FIELDS, reportQuery, reportValues, type ReportFormValues } from './report-form';
import { consoleRouter } from '../record-ids';

export interface ReportRoutesOptions {
  api: ConsoleApi;
  page: RenderPage;
  clock: () => Date;
}

/** Roles that read reports (the API has the last word: it answers FORBIDDEN to anyone else). */
const REPORT_ROLES = new Set<Role>(['REPORTING_ANALYST', 'TRUST_ADMIN', 'GROUP_ADMIN']);

/** Someone whose only work in this trust is reports (an analyst) starts on the reports page, not a ward's day. */
function onlyReports(req: Request): boolean {
  const roles = req.session.trust?.roles ?? [];
  return roles.length > 0 && roles.every((role) => role === 'REPORTING_ANALYST');
}

/** Whether the person holds a group role that reads reports: only they may ask for a whole group. */
function readsGroupReports(req: Request): boolean {
  return (req.session.person?.platformRoles ?? []).some((held) => held.scope === 'GROUP' && REPORT_ROLES.has(held.role));
}

/** The API's or the form's problems as the NHS.UK error summary and inline messages, each naming its field. */
function reportErrors(problems: readonly { field: string; message: string }[]) {
  const summary: { text: string; href: string }[] = [];
  const byField: Record<string, string> = {};
  for (const problem of problems) {
    const field = REPORT_FIELDS[problem.field] ?? { label: problem.field, anchor: problem.field };
    const text = `${field.label} ${problem.message}`;
    summary.push({ text, href: `#${field.anchor}` });
    byField[problem.field] ??= text;
  }
  return { summary, byField };
}

/**
 * Reports for analysts and admins: the `visitStats` API as a form (a GET, so the address is
 * the report), charts drawn on the server as SVG with a data table beside each, the rows
 * as a table, and the CSV as a plain link through the console with the person's token.
 * Aggregates only: nothing on these pages can name a patient or a contact.
 */
export function reportRoutes({ api, page, clock }: ReportRoutesOptions) {
  const router = consoleRouter();

  router.get('/', (req, res, next) => (onlyReports(req) ? res.redirect(303, '/reports') : next()));

  router.get('/reports', async (req, res, next) => {
    try {
      const values = reportValues(req.query as Record<string, unknown>, clock());
      const group = readsGroupReports(req);
      const form = formContext(values, group);
      const { query, problems } = reportQuery(values);
      if (!query) return page(req, res, 'reports/reports.njk', { pageTitle: 'Reports', ...form, hasErrors: true, errors: reportErrors(problems) }, 400);
      let data;
      try {
        data = await api.request(callerOf(req), VisitReportDocument, {
          from: query.from,
          to: query.to,
          groupBy: query.groupBy,
          bucket: query.bucket,
          acrossGroup: query.acrossGroup,
          // the charts draw the whole selection per bucket: the trust, or the group when it spans the group
          overallBy: query.groupBy === 'GROUP' || query.acrossGroup ? 'GROUP' : 'TRUST',
        });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'BAD_USER_INPUT') {
          return page(req, res, 'reports/reports.njk', { pageTitle: 'Reports', ...form, hasErrors: true, errors: reportErrors(error.fields) }, 400);
        }
        throw error;
      }
      const years = new Set([...data.overall, ...data.rows].map((r) => r.bucketStart.slice(0, 4)));
      const withYear = years.size > 1;
      const label = (bucketStart: string) => bucketLabel(bucketStart, query.bucket, withYear);
      const charts = await drawReportCharts(data.overall.map((row) => ({ ...row, label: label(row.bucketStart) })));
      const grouping = GROUPINGS.find((g) => g.api === query.groupBy)!;
      page(req, res, 'reports/reports.njk', {
        pageTitle: 'Reports',
        ...form,
        report: {
          charts,
          column: grouping.column,
          csvHref: `/reports/visit-stats.csv?${query.csvQuery}`,
          rows: data.rows.map((row) => ({
            period: label(row.bucketStart),
            place: row.group.name,
            code: row.group.code,
            cells: [row.booked, row.completed, row.cancelled, row.missed, percent(row.completionRate), minutes(row.medianDurationSeconds), minutes(row.p90DurationSeconds), row.messagesDelivered, row.messagesFailed].map(String),
          })),
        },
      });
    } catch (error) {
      next(error);
    }
  });

  /** The CSV download: a plain link, fetched from the API with the person's token and handed on as a file. */
  router.get('/reports/visit-stats.csv', async (req, res, next) => {
    try {
      const params = new URLSearchParams();
      for (const name of ['from', 'to', 'groupBy', 'bucket', 'acrossGroup']) {
        const value = req.query[name];
        if (typeof value === 'string') params.set(name, value);
      }
      let file;
      try {
        file = await api.download(callerOf(req), `/reports/visit-stats.csv?${params.toString()}`);
      } catch (error) {
        // a link changed by hand: the report form, naming what is wrong
        if (!(error instanceof ApiError && error.code === 'BAD_USER_INPUT')) throw error;
        const form = formContext(reportValues({}, clock()), readsGroupReports(req));
        return page(req, res, 'reports/reports.njk', { pageTitle: 'Reports', ...form, hasErrors: true, errors: reportErrors(error.fields) }, 400);
      }
      res.status(200).set({
        'content-type': file.contentType,
        'content-disposition': file.contentDisposition ?? 'attachment; filename="visit-stats.csv"',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.send(file.body);
    } catch (error) {
      next(error);
    }
  });

  return router;
}

function formContext(values: ReportFormValues, groupRole: boolean) {
  return {
    values,
    groupRole,
    groupings: GROUPINGS.filter((g) => groupRole || !g.needsGroupRole).map((g) => ({ value: g.value, text: g.text, selected: g.value === values.groupBy })),
    buckets: BUCKETS.map((b) => ({ value: b.value, text: b.text, selected: b.value === values.bucket })),
  };
}
