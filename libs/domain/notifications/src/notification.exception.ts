import { ConflictError, type NotificationStatus } from '@vv/contracts';

/** The message is not in a state that allows this; the message names the state it is in. */
export class NotificationStateConflictError extends ConflictError {
  constructor(action: string, status: NotificationStatus) {
    super(`A message that is ${status.replaceAll('-', ' ')} cannot be ${action}`);
  }
}
