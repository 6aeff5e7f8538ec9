import { ConflictError, NotFoundError } from '@vv/contracts';

/** A visit that does not exist for the caller: another trust's, or a ward they do not work on. */
export class VisitNotFoundError extends NotFoundError {
  constructor() {
    super('Visit');
  }
}

/** The visit is not in a state that allows this; the message names the state it is in. */
export class VisitStateConflictError extends ConflictError {
  constructor(action: string, status: string) {
    super(`A visit that is ${status.replace('_', ' ')} cannot be ${action}`);
  }
}

export class VisitConflictError extends ConflictError {}
