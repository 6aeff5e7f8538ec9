import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { BadUserInputError, MAX_TEXT_LENGTH, textProblem, type FieldProblem } from '@vv/contracts';

const longText = new WeakMap<object, Map<string, number>>();
const clearable = new WeakMap<object, Set<string>>();
const partialUpdates = new WeakSet<object>();

/** This field may hold more than the usual {@link MAX_TEXT_LENGTH} characters (a configuration document). */
export function LongText(maxLength: number): PropertyDecorator {
  return (target, key) => {
    const fields = longText.get(target.constructor) ?? new Map<string, number>();
    fields.set(String(key), maxLength);
    longText.set(target.constructor, fields);
  };
}

/** In a partial update, an explicit `null` in this field clears the value (a logo, a sender id). */
export function NullClears(): PropertyDecorator {
  return (target, key) => {
    const fields = clearable.get(target.constructor) ?? new Set<string>();
    fields.add(String(key));
    clearable.set(target.constructor, fields);
  };
}

/**
 * An input whose absent fields keep their current values. An explicit `null` clears a field
 * marked {@link NullClears}; in any other field it is refused (leaving the field out keeps it).
 */
export function PartialUpdateInput(): ClassDecorator {
  return (target) => {
    partialUpdates.add(target);
  };
}

/**
 * One check on every argument of every operation (Nest calls a GraphQL argument, like a request
 * body, 'body'), before any resolver or service runs: no
 * string holds control characters or broken Unicode, none is longer than its field allows, and
 * explicit nulls mean what the input type says. Problems name the argument's path, never its value.
 */
export class InputRulesPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const problems: FieldProblem[] = [];
    const name = metadata.data ?? 'input';
    const cleaned = clean(value, name, metadata.metatype, problems, true);
    if (problems.length) throw new BadUserInputError(problems);
    return cleaned;
  }
}

function clean(value: unknown, path: string, type: unknown, problems: FieldProblem[], top: boolean, maxLength = MAX_TEXT_LENGTH): unknown {
  if (typeof value === 'string') {
    const problem = textProblem(value, maxLength);
    if (problem) problems.push({ field: path, message: problem });
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => clean(item, `${path}.${i}`, undefined, problems, false));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const inputType = top && typeof type === 'function' ? type : undefined;
  const types = inputType ? typeAndAncestors(inputType) : [];
  const limits = new Map(types.flatMap((t) => [...(longText.get(t) ?? [])]));
  const clears = new Set(types.flatMap((t) => [...(clearable.get(t) ?? [])]));
  const partial = types.some((t) => partialUpdates.has(t));
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const fieldPath = `${path}.${key}`;
    if (field === null) {
      if (clears.has(key)) result[key] = null;
      else if (partial) problems.push({ field: fieldPath, message: 'cannot be cleared; leave it out to keep the current value' });
      // elsewhere null is what GraphQL says a nullable field means: not given
      continue;
    }
    result[key] = clean(field, fieldPath, undefined, problems, false, limits.get(key) ?? MAX_TEXT_LENGTH);
  }
  return result;
}

/** An input type and the types it extends (a setting's fields made from its schema, then its own): the rules of each hold. */
function typeAndAncestors(type: object): object[] {
  const types: object[] = [];
  for (let t: object | null = type; t && t !== Function.prototype; t = Object.getPrototypeOf(t)) types.push(t);
  return types;
}

