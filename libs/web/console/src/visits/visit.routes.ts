import type { Request, Response } from 'express';
import { ApiError, type ConsoleApi } from '../api/console-api';
import {
  CancelVisitDocument,
  CompleteVisitDocument,
  RebookVisitDocument,
  RejoinVisitDocument,
  RescheduleVisitDocument,
  ResendMessageDocument,
  UpdateKeyContactDocument,
  StartVisitDocument,
  VisitPageDocument,
  type VisitAction,
  type VisitStatus,
  type VisitDetailsFragment,
} from '../api/generated';
import type { RenderPage } from '../console-pages';
import { callerOf } from '../sign-in/sign-in.routes';
import { formErrors, lengthFrom, startAtFrom } from './visit-form';
import { dateTimeFields } from './visit-time';
import { channelWord, MESSAGE_KIND, MESSAGE_STATUS, VISIT_EVENT, VISIT_STATUS, words } from './visit-words';
import { consoleRouter } from '../record-ids';

export interface VisitRoutesOptions {
  api: ConsoleApi;
  page: RenderPage;
  clock: () => Date;
}

const ENDED = new Set<VisitStatus>(['COMPLETED', 'MISSED', 'CANCELLED']);

type ChangeForm = 'reschedule' | 'cancel' | 'rebook' | 'contact';

/** The action of the API's allowedActions each form is for. */
const FORM_ACTION: Record<ChangeForm, VisitAction> = { reschedule: 'RESCHEDULE', cancel: 'CANCEL', rebook: 'REBOOK', contact: 'UPDATE_KEY_CONTACT' };

export function visitRoutes({ api, page }: VisitRoutesOptions) {
  const router = consoleRouter();
  const id = (req: Request) => String(req.params.id);

  async function visitOf(req: Request) {
    const { visit } = await api.request(callerOf(req), VisitPageDocument, { id: id(req) });
    return visit;
  }


  router.get('/visits/:id', async (req, res, next) => {
    try {
      const visit = await visitOf(req);
      page(req, res, 'visits/visit.njk', {
        pageTitle: `Visit for ${visit.patientName ?? 'a patient'}`,
        // the window's title is kept in the browser's history: the ward, never the patient
        browserTitle: `A visit on ${visit.ward.name}`,
        visit,
        state: VISIT_STATUS[visit.status],
        // the API says what this person may do with the visit now; the page offers that and no more
        canCorrectContact: !ENDED.has(visit.status) && (visit.allowedActions ?? []).includes('UPDATE_KEY_CONTACT'),
        history: (visit.history ?? []).map((event) => ({ ...event, text: words(VISIT_EVENT, event.type) })),
        messages: (visit.messages ?? []).map((message) => ({
          ...message,
          kindText: words(MESSAGE_KIND, message.kind),
          channelText: channelWord(message.channel),
          state: MESSAGE_STATUS[message.status] ?? { text: message.status, colour: 'grey' },
        })),
      });
    } catch (error) {
      next(error);
    }
  });

  function changeForm(req: Request, res: Response, form: ChangeForm, visit: VisitDetailsFragment, values: Record<string, string>, errors?: ReturnType<typeof formErrors>) {
    const titles: Record<ChangeForm, string> = {
      reschedule: 'Change the time of the visit',
      cancel: 'Cancel the visit',
      rebook: 'Book the next visit',
      contact: 'Correct the key contact’s details',
    };
    page(req, res, `visits/${form}.njk`, { pageTitle: titles[form], visit, values, errors, hasErrors: Boolean(errors?.summary.length) }, errors ? 400 : 200);
  }

  for (const form of ['reschedule', 'cancel', 'rebook', 'contact'] as const) {
    router.get(`/visits/:id/${form}`, async (req, res, next) => {
      try {
        const visit = await visitOf(req);
        if (!(visit.allowedActions ?? []).includes(FORM_ACTION[form])) throw new ApiError('FORBIDDEN', 'not allowed now');
        const start = form === 'reschedule' ? dateTimeFields(visit.scheduledStart) : { day: '', month: '', year: '', time: '' };
        const contact = { contactName: visit.contactName ?? '', contactMobile: visit.contactMobile ?? '', contactEmail: visit.contactEmail ?? '' };
        changeForm(req, res, form, visit, { ...start, ...contact, lengthMinutes: String(visit.lengthMinutes), reason: '' });
      } catch (error) {
        next(error);
      }
    });
  }

  /** A change from a form; BAD_USER_INPUT shows the form again with the API's words. */
  function change(form: ChangeForm, act: (req: Request, values: Record<string, string>) => Promise<{ id: string; text: string }>) {
    return async (req: Request, res: Response, next: (error: unknown) => void) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(['startAt[day]', 'startAt[month]', 'startAt[year]', 'time', 'lengthMinutes', 'reason', 'contactName', 'contactMobile', 'contactEmail'].map((name) => [name.replace(/^startAt\[(\w+)\]$/, '$1'), typeof body[name] === 'string' ? (body[name] as string).trim() : '']));
      try {
        const done = await act(req, values);
        req.session.flash = { text: done.text };
        req.session.save(() => res.redirect(303, `/visits/${encodeURIComponent(done.id)}`));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'BAD_USER_INPUT') {
          try {
            return changeForm(req, res, form, await visitOf(req), values, formErrors(error.fields));
          } catch (again) {
            return next(again);
          }
        }
        next(error);
      }
    };
  }

  function whenFrom(values: Record<string, string>) {
    const start = startAtFrom({ day: values.day, month: values.month, year: values.year, time: values.time });
    const length = lengthFrom(values.lengthMinutes);
    const problems = [start.problem, length.problem].filter((p) => p !== undefined);
    if (problems.length) throw new ApiError('BAD_USER_INPUT', 'the form has problems', problems);
    return { startAt: start.startAt!, lengthMinutes: length.lengthMinutes ?? null };
  }

  router.post(
    '/visits/:id/reschedule',
    change('reschedule', async (req, values) => {
      const { rescheduleVisit: visit } = await api.request(callerOf(req), RescheduleVisitDocument, { id: id(req), ...whenFrom(values) });
      return { id: visit.id, text: `Visit moved. ${visit.contactName ?? 'The key contact'} has been told the new time.` };
    }),
  );

  router.post(
    '/visits/:id/cancel',
    change('cancel', async (req, values) => {
      const { cancelVisit: visit } = await api.request(callerOf(req), CancelVisitDocument, { id: id(req), reason: values.reason });
      return { id: visit.id, text: `Visit cancelled. ${visit.contactName ?? 'The key contact'} has been told.` };
    }),
  );

  router.post(
    '/visits/:id/rebook',
    change('rebook', async (req, values) => {
      const { rebookVisit: visit } = await api.request(callerOf(req), RebookVisitDocument, { id: id(req), input: whenFrom(values) });
      return { id: visit.id, text: `Next visit booked. ${visit.contactName ?? 'The key contact'} has been told.` };
    }),
  );

  router.post(
    '/visits/:id/contact',
    change('contact', async (req, values) => {
      const input = { contactName: values.contactName, contactMobile: values.contactMobile || null, contactEmail: values.contactEmail || null };
      const { updateKeyContact: visit } = await api.request(callerOf(req), UpdateKeyContactDocument, { id: id(req), input });
      return { id: visit.id, text: `The key contact’s details are saved. Messages not yet sent will go to ${visit.contactName ?? 'them'}.` };
    }),
  );

  /** After a refresh or crash of the ward device: the host's address again (the API records it). */
  router.post('/visits/:id/rejoin', async (req, res, next) => {
    try {
      const { rejoinVisit } = await api.request(callerOf(req), RejoinVisitDocument, { id: id(req) });
      req.session.flash = { text: 'You can join the visit on this device again.', hostLink: rejoinVisit.wardDeviceJoinUrl };
      req.session.save(() => res.redirect(303, `/visits/${encodeURIComponent(rejoinVisit.visit.id)}`));
    } catch (error) {
      conflictOrNext(req, res, next, error);
    }
  });

  router.post('/visits/:id/messages/:messageId/resend', async (req, res, next) => {
    try {
      const { resendMessage: visit } = await api.request(callerOf(req), ResendMessageDocument, { messageId: String(req.params.messageId) });
      if (visit.id !== id(req)) throw new ApiError('NOT_FOUND', 'the message is not this visit’s');
      req.session.flash = { text: `The message is being sent again to ${visit.contactName ?? 'the key contact'}.` };
      req.session.save(() => res.redirect(303, `/visits/${encodeURIComponent(visit.id)}`));
    } catch (error) {
      conflictOrNext(req, res, next, error);
    }
  });

  router.post('/visits/:id/start', async (req, res, next) => {
    try {
      const { startVisit } = await api.request(callerOf(req), StartVisitDocument, { id: id(req) });
      req.session.flash = { text: `Visit started. ${startVisit.visit.contactName ?? 'The key contact'} has been sent the link.`, hostLink: startVisit.wardDeviceJoinUrl };
      req.session.save(() => res.redirect(303, `/visits/${encodeURIComponent(startVisit.visit.id)}`));
    } catch (error) {
      conflictOrNext(req, res, next, error);
    }
  });

  router.post('/visits/:id/complete', async (req, res, next) => {
    try {
      const { completeVisit: visit } = await api.request(callerOf(req), CompleteVisitDocument, { id: id(req) });
      req.session.flash = { text: 'Visit completed.' };
      req.session.save(() => res.redirect(303, `/visits/${encodeURIComponent(visit.id)}`));
    } catch (error) {
      conflictOrNext(req, res, next, error);
    }
  });

  /** A visit already moved on by someone else: say so on its page, never a raw error. */
  function conflictOrNext(req: Request, res: Response, next: (error: unknown) => void, error: unknown) {
    if (error instanceof ApiError && (error.code === 'CONFLICT' || error.code === 'BAD_USER_INPUT')) {
      req.session.flash = { text: `That could not be done: ${error.message}.`, kind: 'warning' };
      return req.session.save(() => res.redirect(303, `/visits/${encodeURIComponent(id(req))}`));
    }
    next(error);
  }

  return router;
}
