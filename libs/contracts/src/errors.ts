/** Error codes clients see in `extensions.code`; names that stay stable. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  /** A service the platform depends on (the video provider) did not answer, or answered that it is busy: try again soon. */
  'VIDEO_SERVICE_UNAVAILABLE',
  /** The video provider refused the request (its key or settings): the trust's digital team must look. */
  'VIDEO_SERVICE_REFUSED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A problem with one input field: where, and what is wrong. Never echoes the value. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Base of every domain area's exception (visit.exception.ts, trust.exception.ts, ...).
 * Its message is written for the person using the product and must hold no personal data.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly fields?: readonly FieldProblem[];

  constructor(message: string, fields?: readonly FieldProblem[]) {
    super(message);
    this.name = new.target.name;
    this.fields = fields;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
  constructor() {
    super('Sign in to continue');
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
  constructor(message = 'You do not have permission to do that') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor(what: string) {
    super(`${what} was not found`);
  }
}

/**
 * The most problems one answer names: input that repeats a mistake thousands of times (a list
 * of 4,000 days, each "given twice") is told the first ones and how many more, not answered with
 * hundreds of kilobytes of the same line.
 */
export const MAX_NAMED_PROBLEMS = 20;

export class BadUserInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(problems: readonly FieldProblem[]) {
    // the same problem found twice (a parser reporting one fault at three places of a line) is said once
    const fields = problems.filter((p, i) => problems.findIndex((q) => q.field === p.field && q.message === p.message) === i);
    const named =
      fields.length > MAX_NAMED_PROBLEMS
        ? [...fields.slice(0, MAX_NAMED_PROBLEMS), { field: fields[MAX_NAMED_PROBLEMS].field.split('.')[0], message: `and ${fields.length - MAX_NAMED_PROBLEMS} more problems in this input` }]
        : fields;
    super(named.map((f) => `${f.field}: ${f.message}`).join('; '), named);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;
}
