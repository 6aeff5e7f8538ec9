import type { Request, Response } from 'express';
import { ApiError, type ConsoleApi } from '../api/console-api';
import { CreateTrustGroupDocument, GrantPlatformRoleDocument, MoveTrustToGroupDocument, PlatformGroupsPageDocument, PlatformRolesPageDocument, RevokePlatformRoleDocument, type PlatformRole } from '../api/generated';
import type { RenderPage } from '../console-pages';
import { callerOf } from '../sign-in/sign-in.routes';
import { formErrors, type FormErrors, type FormFields } from '../visits/visit-form';
import { action, formText as text, submitted } from '../admin/admin-home.routes';
import { consoleRouter } from '../record-ids';

export interface PlatformRolesRoutesOptions {
  api: ConsoleApi;
  page: RenderPage;
}

/** The roles the central team grants, in words. */
export const PLATFORM_ROLES: Record<PlatformRole, { text: string; hint: string }> = {
  PLATFORM_ADMIN: { text: 'Platform admin', hint: 'The central team: onboards trusts, manages groups and these roles' },
  GROUP_ADMIN: { text: 'Group admin', hint: 'Manages staff and reads reports in every trust of one group' },
  REPORTING_ANALYST: { text: 'Group analyst', hint: 'Reads reports for every trust of one group' },
};

/** The forms' fields, their labels and where an error sends focus. */
const FIELDS: FormFields = {
  code: { label: 'Group code', anchor: 'code' },
  name: { label: 'Group name', anchor: 'name' },
  odsCode: { label: 'Trust', anchor: 'odsCode' },
  groupCode: { label: 'Group', anchor: 'groupCode' },
  email: { label: 'Email address', anchor: 'email' },
  entraTenantId: { label: 'Entra tenant id', anchor: 'entraTenantId' },
  role: { label: 'Role', anchor: 'role' },
};

/**
 * The central team's groups (create one, move a trust into or out of a group) and platform
 * roles (grant platform admin, group admin or group analyst; revoke). Everything goes through
 * the API as the signed-in person, which decides who may.
 */
export function platformRolesRoutes({ api, page }: PlatformRolesRoutesOptions) {
  const router = consoleRouter();

  async function groupsPage(req: Request, res: Response, extra: { values?: Record<string, string>; errors?: FormErrors } = {}) {
    const data = await api.request(callerOf(req), PlatformGroupsPageDocument, {});
    page(
      req,
      res,
      'platform/groups.njk',
      {
        pageTitle: 'Trust groups',
        groups: data.trustGroups,
        trusts: data.platformTrusts,
        values: extra.values ?? {},
        hasErrors: Boolean(extra.errors),
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    );
  }

  router.get('/groups', (req, res, next) => groupsPage(req, res).catch(next));

  router.post('/groups', async (req, res, next) => {
    const values = { code: text(req.body, 'code'), name: text(req.body, 'name') };
    await submitted(
      req,
      res,
      async () => {
        const { createTrustGroup: group } = await api.request(callerOf(req), CreateTrustGroupDocument, values);
        return { flash: `The group ${group.name} (${group.code}) is made. Move trusts into it below.`, redirect: '/platform/groups' };
      },
      (errors) => groupsPage(req, res, { values, errors }),
      FIELDS,
      { conflict: { field: 'code', message: 'is taken: there is already a group with this code' } },
    ).catch(next);
  });

  router.post('/groups/move', async (req, res, next) => {
    const values = { odsCode: text(req.body, 'odsCode'), groupCode: text(req.body, 'groupCode') };
    try {
      if (!values.odsCode) throw new ApiError('BAD_USER_INPUT', 'no trust', [{ field: 'odsCode', message: 'must be chosen' }]);
      const { moveTrustToGroup: trust } = await api.request(callerOf(req), MoveTrustToGroupDocument, { odsCode: values.odsCode, groupCode: values.groupCode || null });
      req.session.flash = { text: trust.group ? `${trust.name} is in ${trust.group.name}.` : `${trust.name} is in no group.` };
      req.session.save(() => res.redirect(303, '/platform/groups'));
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'BAD_USER_INPUT' || error.code === 'NOT_FOUND')) {
        return groupsPage(req, res, { values, errors: formErrors(error.fields.length ? error.fields : [{ field: 'odsCode', message: 'is not a trust on the platform' }], FIELDS) }).catch(next);
      }
      next(error);
    }
  });

  async function rolesPage(req: Request, res: Response, extra: { values?: Record<string, string>; errors?: FormErrors } = {}) {
    const data = await api.request(callerOf(req), PlatformRolesPageDocument, {});
    page(
      req,
      res,
      'platform/roles.njk',
      {
        pageTitle: 'Platform and group roles',
        holders: data.platformRoles.map((h) => ({ ...h, roleText: PLATFORM_ROLES[h.role].text })),
        groups: data.trustGroups,
        roles: Object.entries(PLATFORM_ROLES).map(([value, role]) => ({ value, ...role })),
        values: extra.values ?? {},
        hasErrors: Boolean(extra.errors),
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    );
  }

  router.get('/roles', (req, res, next) => rolesPage(req, res).catch(next));

  router.post('/roles', async (req, res, next) => {
    const values = { email: text(req.body, 'email'), entraTenantId: text(req.body, 'entraTenantId'), role: text(req.body, 'role'), groupCode: text(req.body, 'groupCode') };
    await submitted(
      req,
      res,
      async () => {
        if (!Object.hasOwn(PLATFORM_ROLES, values.role)) throw new ApiError('BAD_USER_INPUT', 'no role', [{ field: 'role', message: 'must be chosen' }]);
        const role = values.role as PlatformRole;
        const { grantPlatformRole: granted } = await api.request(callerOf(req), GrantPlatformRoleDocument, {
          input: { email: values.email, entraTenantId: values.entraTenantId, role, groupCode: role === 'PLATFORM_ADMIN' ? null : values.groupCode || null },
        });
        const flash =
          granted.status === 'ACTIVE' ? `${granted.email} is now ${PLATFORM_ROLES[role].text.toLowerCase()}.` : `${granted.email} is invited as ${PLATFORM_ROLES[role].text.toLowerCase()}: their first sign-in with that address takes the role.`;
        return { flash, redirect: '/platform/roles' };
      },
      (errors) => rolesPage(req, res, { values, errors }),
      FIELDS,
      { conflict: { field: 'email', message: 'already has this role, or is already invited to it' } },
    ).catch(next);
  });

  router.post(
    '/roles/:id/revoke',
    action(async (req) => {
      await api.request(callerOf(req), RevokePlatformRoleDocument, { id: String(req.params.id) });
      return { flash: 'The role is taken away: it stops working on their next page.', redirect: '/platform/roles' };
    }, () => '/platform/roles'),
  );

  return router;
}
