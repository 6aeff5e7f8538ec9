import { ForbiddenError } from '@vv/contracts';

/** The caller's roles do not reach the report they asked for. Names no trust and no record. */
export class ReportForbiddenError extends ForbiddenError {}
