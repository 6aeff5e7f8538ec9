import { ConflictError, ForbiddenError, NotFoundError } from '@vv/contracts';

/** A staff member, role or invitation that does not exist for the caller (another trust's included). */
export class StaffRecordNotFoundError extends NotFoundError {}

/** Signed in to Entra, but holds no role in the platform: roles are given by admins, never taken. */
export class NoRolesError extends ForbiddenError {
  constructor() {
    super('You have no role in Virtual Visits yet. Ask your trust\'s administrator to invite you.');
  }
}

export class InvitationConflictError extends ConflictError {}

/** Ending the role of a trust's only trust-wide admin would leave nobody able to run the trust. */
export class LastTrustAdminError extends ConflictError {
  constructor() {
    super("This is the trust's only trust admin: invite another trust admin first, and change or remove this role once they have signed in");
  }
}
