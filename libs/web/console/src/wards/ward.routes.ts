import type { Request, Response } from 'express';
import { ApiError, type ConsoleApi } from '../api/console-api';
import { BookingFormDocument, BookVisitDocument, StartVisitDocument, WardDayDocument, type VisitListView } from '../api/generated';
import type { RenderPage } from '../console-pages';
import { callerOf } from '../sign-in/sign-in.routes';
import { bookingFields, formErrors, lengthFrom, newIdempotencyKey, startAtFrom, type BookingFields } from '../visits/visit-form';
import { dateTimeFields } from '../visits/visit-time';
import { channelWord, MESSAGE_STATUS, VISIT_STATUS } from '../visits/visit-words';
import { consoleRouter, optionalRecordId } from '../record-ids';

const VIEWS: Record<string, { view: VisitListView; title: string }> = {
  today: { view: 'TODAY', title: 'Today' },
  upcoming: { view: 'UPCOMING', title: 'Upcoming' },
  recent: { view: 'RECENT', title: 'Recent' },
};

export interface WardRoutesOptions {
  api: ConsoleApi;
  page: RenderPage;
  clock: () => Date;
}

/** The name of the person the message went to, for the outcome sentence. */
function toWhom(visit: { contactName?: string | null; contactMobile?: string | null; contactEmail?: string | null }): string {
  const how = visit.contactMobile && visit.contactEmail ? 'A text and an email have' : visit.contactMobile ? 'A text has' : 'An email has';
  return `${how} been sent to ${visit.contactName ?? 'the key contact'}.`;
}

export function wardRoutes({ api, page, clock }: WardRoutesOptions) {
  const router = consoleRouter();

  /** The ward's day: one request to the API for the wards (with what each offers) and the visits. */
  router.get('/', async (req, res, next) => {
    try {
      const chosen = VIEWS[String(req.query.view ?? 'today')] ?? VIEWS.today;
      const requestedWard = optionalRecordId(req.query.ward);
      const data = await api.request(callerOf(req), WardDayDocument, { wardId: requestedWard ?? null, view: chosen.view });
      const ward = data.wards.find((w) => w.id === requestedWard) ?? (data.wards.length === 1 ? data.wards[0] : undefined);
      const visits = data.visits.edges.map(({ node }) => ({
        ...node,
        state: VISIT_STATUS[node.status],
        // the latest message on each channel, in words
        messages: latestByChannel(node.messages ?? []).map((m) => ({ channel: channelWord(m.channel), ...(MESSAGE_STATUS[m.status] ?? { text: m.status, colour: 'grey' }) })),
      }));
      page(req, res, 'wards/ward-day.njk', {
        pageTitle: ward ? `${ward.name}: ${chosen.title.toLowerCase()}` : `Your wards: ${chosen.title.toLowerCase()}`,
        wards: data.wards,
        ward,
        view: Object.entries(VIEWS).find(([, v]) => v === chosen)![0],
        views: Object.entries(VIEWS).map(([key, v]) => ({ key, title: v.title })),
        visits,
        more: data.visits.pageInfo.hasNextPage,
        // booking is offered only where the API says this person may book
        canBook: ward ? ward.canBookVisits : data.wards.some((w) => w.canBookVisits),
        visitNow: Boolean(ward?.canBookVisits && ward.takesUnscheduledVisits),
      });
    } catch (error) {
      next(error);
    }
  });

  async function bookingForm(req: Request, res: Response, fields: Partial<BookingFields>, options: { visitNow?: boolean; errors?: ReturnType<typeof formErrors> } = {}) {
    const wardId = fields.wardId || undefined;
    const data = await api.request(callerOf(req), BookingFormDocument, {});
    // only the wards this person may book on; none at all is the kind "you cannot do this" page
    const wards = data.wards.filter((w) => w.canBookVisits);
    if (wards.length === 0) throw new ApiError('FORBIDDEN', 'no ward to book on');
    const ward = wards.find((w) => w.id === wardId);
    if (options.visitNow && !ward?.takesUnscheduledVisits) throw new ApiError('NOT_FOUND', 'no visit now on this ward');
    const today = dateTimeFields(clock());
    page(
      req,
      res,
      options.visitNow ? 'wards/visit-now.njk' : 'wards/book-visit.njk',
      {
        pageTitle: options.visitNow ? 'Visit now' : 'Book a visit',
        hasErrors: Boolean(options.errors?.summary.length),
        errors: options.errors,
        wards,
        ward,
        values: {
          day: today.day,
          month: today.month,
          year: today.year,
          lengthMinutes: String(ward?.defaultVisitMinutes ?? 30),
          ...fields,
          idempotencyKey: fields.idempotencyKey ?? newIdempotencyKey(),
        },
      },
      options.errors ? 400 : 200,
    );
  }

  router.get('/book', async (req, res, next) => {
    try {
      await bookingForm(req, res, { wardId: optionalRecordId(req.query.ward) });
    } catch (error) {
      next(error);
    }
  });

  router.get('/visit-now', async (req, res, next) => {
    try {
      await bookingForm(req, res, { wardId: optionalRecordId(req.query.ward) }, { visitNow: true });
    } catch (error) {
      next(error);
    }
  });

  /** Book (or, for "visit now", book and start): the form's key makes a double submission book once. */
  async function book(req: Request, res: Response, visitNow: boolean) {
    const fields = bookingFields(req.body ?? {});
    // the ward is a hidden field, or a choice of the wards offered: any other text is a changed form
    fields.wardId = optionalRecordId(fields.wardId) ?? '';
    const start = visitNow ? {} : startAtFrom(fields);
    const length = lengthFrom(fields.lengthMinutes);
    const problems = [start.problem, length.problem].filter((p) => p !== undefined);
    if (problems.length) return bookingForm(req, res, fields, { visitNow, errors: formErrors(problems) });
    try {
      const { bookVisit: visit } = await api.request(callerOf(req), BookVisitDocument, {
        input: {
          wardId: fields.wardId,
          patientName: fields.patientName,
          contactName: fields.contactName,
          contactMobile: fields.contactMobile || null,
          contactEmail: fields.contactEmail || null,
          lengthMinutes: length.lengthMinutes ?? null,
          idempotencyKey: fields.idempotencyKey,
          ...(visitNow ? { startNow: true } : { startAt: start.startAt }),
        },
      });
      if (visitNow) {
        const started = await api.request(callerOf(req), StartVisitDocument, { id: visit.id });
        req.session.flash = { text: `Visit started. ${toWhom(visit).replace('been sent', 'been sent with the link')}`, hostLink: started.startVisit.wardDeviceJoinUrl };
      } else {
        req.session.flash = { text: `Visit booked. ${toWhom(visit)}` };
      }
      req.session.save(() => res.redirect(303, `/visits/${encodeURIComponent(visit.id)}`));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'BAD_USER_INPUT') return bookingForm(req, res, fields, { visitNow, errors: formErrors(error.fields) });
      throw error;
    }
  }

  router.post('/book', (req, res, next) => book(req, res, false).catch(next));
  router.post('/visit-now', (req, res, next) => book(req, res, true).catch(next));

  return router;
}

function latestByChannel<T extends { channel: string }>(messages: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const message of messages) latest.set(message.channel, message); // oldest first: the last one wins
  return [...latest.values()];
}
