import type { Request, Response } from 'express';
import { WEEKDAYS, type Weekday } from '@vv/contracts';
import { ApiError, type FieldProblem } from '../api/console-api';
import {
  AdminWardsDocument,
  AdminWardSettingsDocument,
  ArchiveHospitalDocument,
  ArchiveWardDocument,
  CreateHospitalDocument,
  CreateWardDocument,
  RenameHospitalDocument,
  SetWardFlagDocument,
  UpdateWardDocument,
  type AdminWardFragment,
  type VisitingHoursDayInput,
} from '../api/generated';
import { callerOf } from '../sign-in/sign-in.routes';
import type { FormErrors } from '../visits/visit-form';
import { action, formText, requireAction, submitted, type AdminRoutesOptions } from './admin-home.routes';
import { flagWords, onOff } from './flags-words';
import { dayName, visitingHoursForForm, visitingHoursFromForm } from './wards-hours';
import { consoleRouter, optionalRecordId, recordId } from '../record-ids';

/** The ward form's fields as the API names them, with the words and inputs the page uses. */
const WARD_FIELDS = {
  hospitalId: { label: 'Hospital', anchor: 'hospitalId' },
  code: { label: 'Ward code', anchor: 'code' },
  name: { label: 'Ward name', anchor: 'name' },
  defaultVisitMinutes: { label: 'Usual visit length', anchor: 'defaultVisitMinutes' },
  maxConcurrentVisits: { label: 'Visits at once', anchor: 'maxConcurrentVisits' },
  ...Object.fromEntries(WEEKDAYS.map((day) => [`hours-${day}`, { label: `${dayName(day)} visiting hours`, anchor: `hours-${day}` }])),
};

const HOSPITAL_FIELDS = {
  siteCode: { label: 'Site code', anchor: 'siteCode' },
  name: { label: 'Hospital name', anchor: 'name' },
};

/** `visitingHours.3.ranges.0` (the form sends the week in order) → the day's input. */
function wardFieldOf(apiField: string): string {
  const day = /^visitingHours\.(\d)\./.exec(apiField);
  return day ? `hours-${WEEKDAYS[Number(day[1])]}` : apiField;
}

type WardValues = Record<string, string>;

function wardValues(body: unknown): WardValues {
  return Object.fromEntries(['hospitalId', 'code', 'name', 'defaultVisitMinutes', 'maxConcurrentVisits', ...WEEKDAYS.map((d) => `hours-${d}`)].map((f) => [f, formText(body, f)]));
}

function valuesOf(ward: AdminWardFragment): WardValues {
  const hours = visitingHoursForForm(ward.visitingHours);
  return {
    hospitalId: ward.hospital.id,
    code: ward.code,
    name: ward.name,
    defaultVisitMinutes: String(ward.defaultVisitMinutes),
    maxConcurrentVisits: String(ward.maxConcurrentVisits),
    ...Object.fromEntries(WEEKDAYS.map((d) => [`hours-${d}`, hours[d]])),
  };
}

/** The numbers and the week as the API takes them; a number that is not one is named here. */
function wardSettings(values: WardValues): { settings?: { name: string; defaultVisitMinutes: number; maxConcurrentVisits: number; visitingHours: VisitingHoursDayInput[] }; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const whole = (field: string, what: string) => {
    if (!/^\d{1,4}$/.test(values[field])) problems.push({ field, message: `must be a whole number${what}` });
    return Number(values[field]);
  };
  const defaultVisitMinutes = whole('defaultVisitMinutes', ' of minutes, for example 30');
  const maxConcurrentVisits = whole('maxConcurrentVisits', ', for example 2');
  if (problems.length) return { problems };
  const typed = Object.fromEntries(WEEKDAYS.map((d) => [d, values[`hours-${d}`]])) as Record<Weekday, string>;
  return { settings: { name: values.name, defaultVisitMinutes, maxConcurrentVisits, visitingHours: visitingHoursFromForm(typed).map((d) => ({ day: d.day, ranges: [...d.ranges] })) }, problems };
}

const hourFields = () => WEEKDAYS.map((day) => ({ day, name: `hours-${day}`, label: dayName(day) }));

/**
 * Hospitals and wards: trust admins add, rename and archive hospitals, add, change and archive wards;
 * ward managers change their own wards' settings and flag overrides. What is offered is what
 * the API says each person may do; the API checks every change again.
 */
export function adminWardsRoutes({ api, page }: AdminRoutesOptions) {
  const router = consoleRouter();

  async function wardsPage(req: Request, res: Response, extra: { values?: Record<string, string>; errors?: FormErrors } = {}) {
    const data = await api.request(callerOf(req), AdminWardsDocument, {});
    const allowed = data.trust.allowedActions;
    const mine = data.wards.filter((w) => w.canChangeSettings || allowed.includes('MANAGE_WARDS'));
    if (!allowed.includes('MANAGE_HOSPITALS') && !allowed.includes('MANAGE_WARDS') && mine.length === 0) throw new ApiError('FORBIDDEN', 'no wards to run');
    // every hospital the person may see, with its wards (a ward manager sees their wards' hospitals)
    const hospitals = new Map(data.hospitals.map((h) => [h.id, { ...h, wards: [] as typeof mine }]));
    for (const ward of mine) {
      if (!hospitals.has(ward.hospital.id)) hospitals.set(ward.hospital.id, { ...ward.hospital, siteCode: '', status: 'ACTIVE', wards: [] });
      hospitals.get(ward.hospital.id)!.wards.push(ward);
    }
    page(
      req,
      res,
      'admin/wards.njk',
      {
        pageTitle: allowed.includes('MANAGE_WARDS') ? 'Hospitals and wards' : 'Your wards’ settings',
        hospitals: [...hospitals.values()],
        canManageHospitals: allowed.includes('MANAGE_HOSPITALS'),
        canManageWards: allowed.includes('MANAGE_WARDS'),
        values: extra.values ?? {},
        hasErrors: Boolean(extra.errors),
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    );
  }

  router.get('/wards', (req, res, next) => wardsPage(req, res).catch(next));

  router.post('/hospitals', async (req, res, next) => {
    const values = { siteCode: formText(req.body, 'siteCode').toUpperCase(), name: formText(req.body, 'name') };
    await submitted(
      req,
      res,
      async () => {
        const { createHospital } = await api.request(callerOf(req), CreateHospitalDocument, values);
        return { flash: `${createHospital.name} is added. Add its wards next.`, redirect: '/admin/wards' };
      },
      (errors) => wardsPage(req, res, { values, errors }),
      HOSPITAL_FIELDS,
      { conflict: { field: 'siteCode', message: 'is already used by another of the trust’s hospitals' } },
    ).catch(next);
  });

  /** One of the trust's active hospitals, with its wards, for someone who may run hospitals; an archived one is not offered. */
  async function activeHospital(req: Request) {
    const data = await api.request(callerOf(req), AdminWardsDocument, {});
    requireAction(data.trust.allowedActions, 'MANAGE_HOSPITALS');
    const hospital = data.hospitals.find((h) => h.id === req.params.id && h.status === 'ACTIVE');
    if (!hospital) throw new ApiError('NOT_FOUND', 'no such hospital');
    return { hospital, wards: data.wards.filter((w) => w.hospital.id === hospital.id) };
  }

  async function hospitalPage(req: Request, res: Response, extra: { values?: Record<string, string>; errors?: FormErrors } = {}) {
    const { hospital } = await activeHospital(req);
    page(req, res, 'admin/hospitals-rename.njk', { pageTitle: `Rename ${hospital.name}`, hospital, values: extra.values ?? { name: hospital.name }, hasErrors: Boolean(extra.errors), errors: extra.errors }, extra.errors ? 400 : 200);
  }

  router.get('/hospitals/:id', (req, res, next) => hospitalPage(req, res).catch(next));

  router.post('/hospitals/:id', async (req, res, next) => {
    const values = { name: formText(req.body, 'name') };
    await submitted(
      req,
      res,
      async () => {
        const { renameHospital } = await api.request(callerOf(req), RenameHospitalDocument, { id: String(req.params.id), name: values.name });
        return { flash: `The hospital is now called ${renameHospital.name}.`, redirect: '/admin/wards' };
      },
      (errors) => hospitalPage(req, res, { values, errors }),
      HOSPITAL_FIELDS,
    ).catch(next);
  });

  // nothing is archived silently: while the hospital has open wards the page names them and offers no button
  router.get('/hospitals/:id/archive', async (req, res, next) => {
    try {
      const { hospital, wards } = await activeHospital(req);
      const openWards = wards.filter((w) => w.status === 'ACTIVE');
      page(req, res, 'admin/hospitals-archive.njk', { pageTitle: `Archive ${hospital.name}?`, hospital, openWards, archivedWards: wards.length - openWards.length });
    } catch (error) {
      next(error);
    }
  });

  router.post(
    '/hospitals/:id/archive',
    action(async (req) => {
      const { archiveHospital } = await api.request(callerOf(req), ArchiveHospitalDocument, { id: String(req.params.id) });
      return { flash: `${archiveHospital.name} is archived. No wards can be added to it; its wards’ visits and history stay.`, redirect: '/admin/wards' };
    }, () => '/admin/wards'),
  );

  async function newWardPage(req: Request, res: Response, extra: { values?: WardValues; errors?: FormErrors } = {}) {
    const data = await api.request(callerOf(req), AdminWardsDocument, {});
    requireAction(data.trust.allowedActions, 'MANAGE_WARDS');
    const chosen = extra.values?.hospitalId ?? optionalRecordId(req.query.hospital) ?? '';
    page(
      req,
      res,
      'admin/wards-new.njk',
      {
        pageTitle: 'Add a ward',
        hospitals: data.hospitals.filter((h) => h.status === 'ACTIVE').map((h) => ({ value: h.id, text: h.name, selected: h.id === chosen })),
        values: extra.values ?? { defaultVisitMinutes: '30', maxConcurrentVisits: '1' },
        hourFields: hourFields(),
        hasErrors: Boolean(extra.errors),
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    );
  }

  router.get('/wards/new', (req, res, next) => newWardPage(req, res).catch(next));

  router.post(
    '/wards/new',
    wardForm(
      async (req, values, settings) => {
        const { createWard } = await api.request(callerOf(req), CreateWardDocument, { input: { ...settings, hospitalId: recordId(values.hospitalId), code: values.code.toUpperCase() } });
        return { flash: `${createWard.name} is added. It takes bookings from now.`, redirect: `/admin/wards/${createWard.id}` };
      },
      newWardPage,
      { also: (values) => (values.hospitalId ? [] : [{ field: 'hospitalId', message: 'must be chosen' }]), conflict: { field: 'code', message: 'is already used by another ward of this hospital' } },
    ),
  );

  /** Adding a ward and changing one: the same fields and checks, each saved by its own mutation; a refused form is shown again with its errors. */
  function wardForm(
    save: (req: Request, values: WardValues, settings: NonNullable<ReturnType<typeof wardSettings>['settings']>) => Promise<{ flash: string; redirect: string }>,
    again: (req: Request, res: Response, extra: { values: WardValues; errors: FormErrors }) => Promise<void>,
    options: { also?: (values: WardValues) => FieldProblem[]; conflict?: FieldProblem } = {},
  ) {
    return async (req: Request, res: Response, next: (error: unknown) => void) => {
      const values = wardValues(req.body);
      await submitted(
        req,
        res,
        async () => {
          const { settings, problems } = wardSettings(values);
          problems.push(...(options.also?.(values) ?? []));
          if (!settings || problems.length) throw new ApiError('BAD_USER_INPUT', 'form', problems);
          return save(req, values, settings);
        },
        (errors) => again(req, res, { values, errors }),
        WARD_FIELDS,
        { fieldOf: wardFieldOf, conflict: options.conflict },
      ).catch(next);
    };
  }

  /** One ward as its settings page shows it; another trust's ward, or one this person cannot see, is not found. */
  async function wardData(req: Request) {
    const wardId = String(req.params.id);
    const data = await api.request(callerOf(req), AdminWardSettingsDocument, { wardId });
    const ward = data.wards.find((w) => w.id === wardId);
    if (!ward) throw new ApiError('NOT_FOUND', 'no such ward');
    return { ...data, ward, allowed: data.trust.allowedActions };
  }

  async function wardPage(req: Request, res: Response, extra: { values?: WardValues; errors?: FormErrors } = {}) {
    const { ward, featureFlags, allowed } = await wardData(req);
    // someone who may read the ward but not change it (an analyst, a group admin) is not offered its settings
    if (!ward.canChangeSettings && ward.status === 'ACTIVE') throw new ApiError('FORBIDDEN', 'not this ward');
    page(
      req,
      res,
      'admin/wards-settings.njk',
      {
        pageTitle: `${ward.name} settings`,
        ward,
        values: extra.values ?? valuesOf(ward),
        hourFields: hourFields(),
        flags: featureFlags.map((f) => ({
          ...f,
          words: flagWords(f.flag),
          trustTag: onOff(f.trustDefault),
          effectiveTag: onOff(f.effective),
          choice: f.wardOverride === null || f.wardOverride === undefined ? 'trust' : f.wardOverride ? 'on' : 'off',
        })),
        canArchive: ward.status === 'ACTIVE' && allowed.includes('MANAGE_WARDS'),
        hasErrors: Boolean(extra.errors),
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    );
  }

  router.get('/wards/:id', (req, res, next) => wardPage(req, res).catch(next));

  router.post(
    '/wards/:id',
    wardForm(async (req, _values, settings) => {
      const { updateWard } = await api.request(callerOf(req), UpdateWardDocument, { id: String(req.params.id), input: settings });
      return { flash: `${updateWard.name}’s settings are saved.`, redirect: `/admin/wards/${updateWard.id}` };
    }, wardPage),
  );

  router.post(
    '/wards/:id/flags',
    action(async (req) => {
      const { ward, featureFlags } = await wardData(req);
      const wanted = { trust: null, on: true, off: false } as const;
      for (const f of featureFlags) {
        const choice = formText(req.body, `flag-${f.flag}`);
        if (!(choice in wanted)) continue;
        const enabled = wanted[choice as keyof typeof wanted];
        if (enabled === (f.wardOverride ?? null)) continue;
        await api.request(callerOf(req), SetWardFlagDocument, { wardId: ward.id, flag: f.flag, enabled });
      }
      return { flash: `${ward.name}’s feature flags are saved.`, redirect: `/admin/wards/${ward.id}#flags` };
    }, (req) => `/admin/wards/${String(req.params.id)}`),
  );

  router.get('/wards/:id/archive', async (req, res, next) => {
    try {
      const { ward, allowed } = await wardData(req);
      requireAction(allowed, 'MANAGE_WARDS');
      if (ward.status !== 'ACTIVE') throw new ApiError('NOT_FOUND', 'already archived');
      page(req, res, 'admin/wards-archive.njk', { pageTitle: `Archive ${ward.name}?`, ward });
    } catch (error) {
      next(error);
    }
  });

  router.post(
    '/wards/:id/archive',
    action(async (req) => {
      const { archiveWard } = await api.request(callerOf(req), ArchiveWardDocument, { id: String(req.params.id) });
      return { flash: `${archiveWard.name} is archived. It takes no more bookings; its visits and history stay.`, redirect: '/admin/wards' };
    }, () => '/admin/wards'),
  );

  return router;
}
