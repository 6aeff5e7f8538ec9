import { NotFoundError } from '@vv/contracts';

/** A trust, hospital or ward that does not exist for the caller (another trust's record included). */
export class TrustRecordNotFoundError extends NotFoundError {}
