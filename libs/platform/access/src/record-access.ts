import { scoped, type ScopedRecord } from './ability';
import type { Caller } from './caller';
import type { Action, SubjectName } from './role-permissions';

/** How one record is checked against the caller's rules, and what each refusal is. */
export interface RecordRule {
  /** What the caller must be allowed to do with the record. */
  readonly action: Action;
  readonly subject: SubjectName;
  /** The subjects whose `read` at the record's place lets the caller know it is there (by default the subject itself). */
  readonly seenThrough?: readonly SubjectName[];
  /** For a caller who may not know the record is there, and for a record that is not. */
  readonly notFound: () => Error;
  /** For a caller who may see the record but not do this to it. */
  readonly forbidden: () => Error;
}

/** Whether the caller may do this to a record at this place (its trust, hospital and ward). */
export function callerCan(caller: Caller, action: Action, subject: SubjectName, place: ScopedRecord): boolean {
  return caller.ability.can(action, scoped(subject, place));
}

/**
 * Checks one record against the caller's rules: a caller who may not see it learns nothing
 * (the rule's NOT_FOUND, the same as for a record that does not exist); one who may see it
 * but not do this is refused (the rule's FORBIDDEN).
 */
export function checkRecord(caller: Caller, place: ScopedRecord, rule: RecordRule): void {
  const seen = (rule.seenThrough ?? [rule.subject]).some((subject) => callerCan(caller, 'read', subject, place));
  if (!seen) throw rule.notFound();
  if (!callerCan(caller, rule.action, rule.subject, place)) throw rule.forbidden();
}

/**
 * Loads one record and checks it by `checkRecord`: the one way a service reaches a record
 * named by the caller. `load` answers null for a record that is not there (or an id that
 * cannot be one); `placeOf` says where the record is, as the rules see it.
 */
export async function loadChecked<T>(caller: Caller, load: () => Promise<T | null | undefined>, placeOf: (record: T) => ScopedRecord, rule: RecordRule): Promise<T> {
  const record = await load();
  if (!record) throw rule.notFound();
  checkRecord(caller, placeOf(record), rule);
  return record;
}
