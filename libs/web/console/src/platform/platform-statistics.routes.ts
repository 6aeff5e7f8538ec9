import type { Request } from 'express';
import { DateTime } from 'luxon';
import { NHS_TIME_ZONE } from '@vv/ui/nhsuk';
import { ApiError, type ConsoleApi } from '../api/console-api';
import { PlatformStatisticsDocument } from '../api/generated';
import type { RenderPage } from '../console-pages';
import { callerOf } from '../sign-in/sign-in.routes';
import { formErrors, type FormFields } from '../visits/visit-form';
import { TRUST_STATUS } from './platform.routes';
import { consoleRouter } from '../record-ids';

export interface PlatformStatisticsRoutesOptions {
  api: ConsoleApi;
  page: RenderPage;
  clock: () => Date;
}

const STATISTICS_FIELDS: FormFields = {
  fromMonth: { label: 'From', anchor: 'fromMonth' },
  toMonth: { label: 'To', anchor: 'toMonth' },
};

/** 2026-06 → "June 2026". */
function monthWords(month: string): string {
  const when = DateTime.fromFormat(month, 'yyyy-MM', { zone: NHS_TIME_ZONE });
  return when.isValid ? when.setLocale('en-GB').toFormat('LLLL yyyy') : month;
}

const query = (req: Request, name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string).trim() : '');

/**
 * The central team's statistics (platform admins): every trust with its status and wards, and
 * per trust and month its visits and messages, for a range of months (the last twelve unless
 * asked). Counts only: the API has no personal data to give here.
 */
export function platformStatisticsRoutes({ api, page, clock }: PlatformStatisticsRoutesOptions) {
  const router = consoleRouter();

  router.get('/statistics', async (req, res, next) => {
    try {
      const thisMonth = DateTime.fromJSDate(clock(), { zone: NHS_TIME_ZONE }).startOf('month');
      const values = { fromMonth: query(req, 'fromMonth') || thisMonth.minus({ months: 11 }).toFormat('yyyy-MM'), toMonth: query(req, 'toMonth') || thisMonth.toFormat('yyyy-MM') };
      let statistics;
      let errors;
      try {
        statistics = (await api.request(callerOf(req), PlatformStatisticsDocument, values)).platformStatistics;
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'BAD_USER_INPUT')) throw error;
        errors = formErrors(error.fields, STATISTICS_FIELDS);
      }
      const months = statistics?.months ?? [];
      const sum = (key: 'booked' | 'completed' | 'messagesDelivered' | 'messagesFailed') => months.reduce((total, m) => total + m[key], 0);
      page(
        req,
        res,
        'platform/statistics.njk',
        {
          pageTitle: 'Platform statistics',
          values,
          range: statistics ? `${monthWords(statistics.fromMonth)} to ${monthWords(statistics.toMonth)}` : null,
          trusts: (statistics?.trusts ?? []).map((t) => ({ ...t, state: TRUST_STATUS[t.status] ?? { text: t.status, colour: 'grey' } })),
          months: months.map((m) => ({ ...m, monthText: monthWords(m.month) })),
          totals: statistics && {
            trusts: statistics.trusts.length,
            activeTrusts: statistics.trusts.filter((t) => t.status === 'ACTIVE').length,
            wards: statistics.trusts.reduce((total, t) => total + t.wards, 0),
            booked: sum('booked'),
            completed: sum('completed'),
            delivered: sum('messagesDelivered'),
            failed: sum('messagesFailed'),
          },
          hasErrors: Boolean(errors),
          errors,
        },
        errors ? 400 : 200,
      );
    } catch (error) {
      next(error);
    }
  });

  return router;
}
