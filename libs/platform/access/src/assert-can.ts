import { ForbiddenError } from '@vv/contracts';
import { scoped, type ScopedRecord } from './ability';
import type { Caller } from './caller';
import { subjectWords } from './operation-permissions';
import type { Action, SubjectName } from './role-permissions';

/** Checks one record against the caller's rules; refuses with FORBIDDEN naming nothing about the record. */
export function assertCan(caller: Caller, action: Action, subject: SubjectName, record: ScopedRecord): void {
  if (!caller.ability.can(action, scoped(subject, record))) {
    throw new ForbiddenError(`You do not have permission to ${action} ${subjectWords(subject)} here`);
  }
}
