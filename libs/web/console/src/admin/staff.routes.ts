import type { Request, Response } from 'express';
import { graphqlEnumName, ROLE_ALLOWED_SCOPES } from '@vv/contracts';
import { ApiError } from '../api/console-api';
import { AdminStaffDocument, ChangeStaffRoleDocument, InviteStaffDocument, RevokeInvitationDocument, RevokeStaffRoleDocument, type AdminStaffQuery, type Role, type RoleScope } from '../api/generated';
import { callerOf } from '../sign-in/sign-in.routes';
import type { FormErrors } from '../visits/visit-form';
import { action, formText, requireAction, submitted, type AdminRoutesOptions } from './admin-home.routes';
import { consoleRouter, recordId } from '../record-ids';

/** The roles a trust gives its own staff, in words; platform and group roles are the central team's. */
export const TRUST_ROLES: Partial<Record<Role, { text: string; hint: string }>> = {
  TRUST_ADMIN: { text: 'Trust admin', hint: 'Runs the trust: hospitals, wards, settings and staff' },
  WARD_MANAGER: { text: 'Ward manager', hint: 'Books visits and changes the settings of their wards' },
  WARD_STAFF: { text: 'Ward staff', hint: 'Books, starts and ends visits on their wards' },
  REPORTING_ANALYST: { text: 'Reporting analyst', hint: 'Reads the trust’s reports, never a patient’s or contact’s details' },
};

const roleText = (role: Role) => TRUST_ROLES[role]?.text ?? role;

const SCOPE_WORDS: Partial<Record<RoleScope, string>> = { TRUST: 'the whole trust', HOSPITAL: 'a hospital', WARD: 'a ward' };

/** Where each role may be held (the contracts' rule), by the API's names. */
const ALLOWED_SCOPES = Object.fromEntries(Object.entries(ROLE_ALLOWED_SCOPES).map(([role, scopes]) => [graphqlEnumName(role), scopes.map(graphqlEnumName)])) as Record<Role, RoleScope[]>;

/** Where a role may be held, in words: "a hospital or a ward". */
function scopesText(role: Role): string {
  return ALLOWED_SCOPES[role].map((scope) => SCOPE_WORDS[scope] ?? scope).join(' or ');
}

/** The trust roles that may be held where this one is (a ward role cannot become trust admin). */
function rolesHeldAt(scope: RoleScope): Role[] {
  return (Object.keys(TRUST_ROLES) as Role[]).filter((role) => ALLOWED_SCOPES[role].includes(scope));
}

const INVITE_FIELDS = {
  email: { label: 'Email address', anchor: 'email' },
  role: { label: 'Role', anchor: 'role' },
  place: { label: 'Where', anchor: 'place' },
};

/** The API names where a role is held by scope, hospital and ward: the form has one question for all three. */
const inviteFieldOf = (apiField: string) => (['scope', 'hospitalId', 'wardId'].includes(apiField) ? 'place' : apiField);

type Place = { placeText: string };
function placeOf(held: { scope: RoleScope; hospital?: { name: string } | null; ward?: { name: string } | null; group?: { name: string } | null }): Place {
  if (held.scope === 'WARD') return { placeText: held.ward?.name ?? 'a ward' };
  if (held.scope === 'HOSPITAL') return { placeText: held.hospital?.name ?? 'a hospital' };
  if (held.scope === 'GROUP') return { placeText: held.group?.name ?? 'the group' };
  return { placeText: 'the whole trust' };
}

/** The invite form's "where" question: the whole trust, one hospital or one ward. */
function placeItems(data: AdminStaffQuery, chosen: string) {
  return [
    { value: 'trust', text: 'The whole trust', selected: chosen === 'trust' },
    ...data.hospitals.map((h) => ({ value: `hospital:${h.id}`, text: `Hospital: ${h.name}`, selected: chosen === `hospital:${h.id}` })),
    ...data.wards.map((w) => ({ value: `ward:${w.id}`, text: `Ward: ${w.name}, ${w.hospital.name}`, selected: chosen === `ward:${w.id}` })),
  ];
}

/**
 * The trust's staff (trust and group admins): invite by email to a role and a place, withdraw a
 * pending invitation, change or revoke a role, and see who last signed in when.
 */
export function adminStaffRoutes({ api, page }: AdminRoutesOptions) {
  const router = consoleRouter();

  async function staffData(req: Request) {
    const data = await api.request(callerOf(req), AdminStaffDocument, {});
    requireAction(data.trust.allowedActions, 'MANAGE_STAFF');
    return data;
  }

  async function staffPage(req: Request, res: Response, extra: { values?: Record<string, string>; errors?: FormErrors } = {}) {
    const data = await staffData(req);
    const values = extra.values ?? { place: 'trust' };
    page(
      req,
      res,
      'admin/staff.njk',
      {
        pageTitle: 'Staff',
        staff: data.staff.map((person) => ({ ...person, roles: person.roles.map((r) => ({ ...r, roleText: roleText(r.role), ...placeOf(r) })) })),
        invitations: data.invitations.filter((i) => i.status === 'PENDING').map((i) => ({ ...i, roleText: roleText(i.role), ...placeOf(i) })),
        roles: Object.entries(TRUST_ROLES).map(([value, r]) => ({ value, text: r.text, hint: { text: r.hint }, checked: values.role === value })),
        places: placeItems(data, values.place),
        values,
        hasErrors: Boolean(extra.errors),
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    );
  }

  router.get('/staff', (req, res, next) => staffPage(req, res).catch(next));

  router.post('/staff/invite', async (req, res, next) => {
    const values = { email: formText(req.body, 'email'), role: formText(req.body, 'role'), place: formText(req.body, 'place') };
    await submitted(
      req,
      res,
      async () => {
        const problems = [];
        const known = Object.hasOwn(TRUST_ROLES, values.role);
        if (!known) problems.push({ field: 'role', message: 'must be chosen' });
        const [place, placeId] = values.place.split(':');
        const scope = place.toUpperCase() as RoleScope;
        if (!['trust', 'hospital', 'ward'].includes(place)) problems.push({ field: 'place', message: 'must be chosen' });
        else if (known && !ALLOWED_SCOPES[values.role as Role].includes(scope)) {
          problems.push({ field: 'place', message: `must be ${scopesText(values.role as Role)} for ${roleText(values.role as Role).toLowerCase()}` });
        }
        if (problems.length) throw new ApiError('BAD_USER_INPUT', 'form', problems);
        const { inviteStaff } = await api.request(callerOf(req), InviteStaffDocument, {
          input: { email: values.email, role: values.role as Role, scope, hospitalId: scope === 'HOSPITAL' ? recordId(placeId) : null, wardId: scope === 'WARD' ? recordId(placeId) : null },
        });
        return { flash: `${inviteStaff.email} is invited as ${roleText(values.role as Role).toLowerCase()}. Their first sign-in with that address gives them the role.`, redirect: '/admin/staff' };
      },
      (errors) => staffPage(req, res, { values, errors }),
      INVITE_FIELDS,
      { fieldOf: inviteFieldOf, conflict: { field: 'email', message: 'already has this role, or is already invited to it' } },
    ).catch(next);
  });

  router.post(
    '/staff/invitations/:id/revoke',
    action(async (req) => {
      const { revokeInvitation } = await api.request(callerOf(req), RevokeInvitationDocument, { id: String(req.params.id) });
      return { flash: `The invitation to ${revokeInvitation.email} is withdrawn.`, redirect: '/admin/staff' };
    }, () => '/admin/staff'),
  );

  async function personPage(req: Request, res: Response, extra: { errors?: FormErrors } = {}) {
    const data = await staffData(req);
    const person = data.staff.find((p) => p.id === req.params.id);
    if (!person) throw new ApiError('NOT_FOUND', 'no such person');
    page(
      req,
      res,
      'admin/staff-person.njk',
      {
        pageTitle: person.displayName,
        person,
        roles: person.roles.map((r) => ({
          ...r,
          ...placeOf(r),
          roleText: roleText(r.role),
          // only the roles that can be held where this one is
          choices: rolesHeldAt(r.scope).map((value) => ({ value, text: roleText(value), selected: value === r.role })),
        })),
        hasErrors: Boolean(extra.errors),
        errors: extra.errors,
      },
      extra.errors ? 400 : 200,
    );
  }

  router.get('/staff/:id', (req, res, next) => personPage(req, res).catch(next));

  router.post('/staff/:id/roles/:assignmentId', async (req, res, next) => {
    const assignmentId = String(req.params.assignmentId);
    const role = formText(req.body, 'role');
    const anchor = `role-${assignmentId}`;
    await submitted(
      req,
      res,
      async () => {
        if (!Object.hasOwn(TRUST_ROLES, role)) throw new ApiError('BAD_USER_INPUT', 'form', [{ field: 'role', message: 'must be chosen' }]);
        const { changeStaffRole } = await api.request(callerOf(req), ChangeStaffRoleDocument, { id: assignmentId, role: role as Role });
        return { flash: `The role is now ${roleText(changeStaffRole.role).toLowerCase()}. It applies from their next page.`, redirect: `/admin/staff/${String(req.params.id)}` };
      },
      (errors) => personPage(req, res, { errors }),
      { role: { label: 'Role', anchor } },
      // the API keeps every trust with a trust admin
      { conflict: { field: 'role', message: 'cannot be changed: this is the trust’s only trust admin. Invite another trust admin first, and change this role once they have signed in' } },
    ).catch(next);
  });

  router.post(
    '/staff/:id/roles/:assignmentId/revoke',
    action(async (req) => {
      await api.request(callerOf(req), RevokeStaffRoleDocument, { id: String(req.params.assignmentId) });
      return { flash: 'The role is taken away. It stops working on their next page.', redirect: '/admin/staff' };
    }, () => '/admin/staff'),
  );

  return router;
}
