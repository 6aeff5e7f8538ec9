import { z } from 'zod';
import { BadUserInputError, type FieldProblem, visibleText } from '@vv/contracts';
import { PartialUpdateFields, type SchemaFieldsOptions } from '@vv/platform/graphql';
import { placeNameProblem } from '../trust-settings.rules';

/**
 * The parts trust settings are made of, and the two ways a setting is read: whole (a trust's
 * configuration document) and as a partial update (the API's update mutations). A setting's
 * schema is the one definition of its fields, their rules and their defaults.
 */

/** A rule from trust-settings.rules.ts as a zod check: the same words wherever a value arrives. */
export const checked = (rule: (value: string) => string | null) => (value: string, ctx: z.RefinementCtx) => {
  const problem = rule(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** A name people read (a trust, hospital, ward, display name), stored as its visible text. */
export const placeName = z.string().superRefine(checked(placeNameProblem)).transform(visibleText);

/** Secrets are named by the environment variable that holds them, never written in a setting. */
export const envVarName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{2,63}$/, 'must be the NAME of an environment variable (capitals, digits, underscores), never the secret itself');

/** A whole number from `min` to `max` (of `unit`, when given). */
export function wholeNumber(min: number, max: number, unit?: string) {
  const message = `must be ${min} to ${max}${unit ? ` ${unit}` : ''}`;
  return z.number(message).int(message).min(min, message).max(max, message);
}

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a set of fields (such as name: …)',
  array: 'a list',
  date: 'a date',
};

/**
 * zod's own problems in the product's words (a rule's own message always wins): what is
 * missing, of the wrong kind, too short or long, not one of a list. Never quotes the value.
 * Passed to every parse of a trust's settings or configuration document.
 */
export function issueWords(issue: z.core.$ZodRawIssue): string | undefined {
  const count = (n: unknown, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (issue.input === null) return `must be ${KINDS[issue.expected] ?? issue.expected}, not empty`;
      return `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.inclusive === false) return `must be more than ${String(issue.minimum)}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${count(issue.minimum, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return Number(issue.minimum) <= 1 ? 'must list at least one' : `must list at least ${String(issue.minimum)}`;
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.inclusive === false) return `must be less than ${String(issue.maximum)}`;
      if (issue.origin === 'string') return `must be at most ${count(issue.maximum, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must list at most ${String(issue.maximum)}`;
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return issue.values.length <= 12 ? `must be one of ${issue.values.map(String).join(', ')}` : 'is not one of the values this field takes';
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} it does not take: ${issue.keys.slice(0, 5).join(', ')}${issue.keys.length > 5 ? ', …' : ''}`;
    case 'invalid_format':
      return issue.format === 'email' ? 'must be an email address' : issue.format === 'url' ? 'must be an https address' : issue.format === 'uuid' ? 'must be an id (a UUID)' : 'is not in the form this field takes';
    case 'invalid_union':
      return 'is not one of the forms this field takes';
    default:
      return undefined;
  }
}

/** Each problem of a failed parse, named by its field path under `prefix` (never quoting the value). */
export function fieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => ({ field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'input', message: issue.message }));
}

/** Reads a value through a setting's schema; BAD_USER_INPUT naming every field in the way. */
export function parseSetting<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value, { error: issueWords });
  if (!result.success) throw new BadUserInputError(fieldProblems(result.error, prefix));
  return result.data;
}

/** What a partial update of a setting may say for each field: absent keeps it, null (or '') clears an optional one. */
export type SettingUpdate<T> = { [K in keyof T]?: undefined extends T[K] ? T[K] | null : T[K] };

/** A field of a setting that a partial update may clear: one the setting may lack. */
export const clearedByUpdate = (field: z.core.$ZodType): boolean => field instanceof z.ZodOptional;

const updateSources = new WeakMap<object, Readonly<Record<string, z.ZodType>>>();

/**
 * The partial update of a setting, made from its schema: every field may be left out, a
 * field the setting may lack may be cleared with null or an empty string, and defaults are
 * not applied (a field left out keeps its value).
 */
export function partialUpdate<Shape extends z.ZodRawShape>(setting: z.ZodObject<Shape>): z.ZodType<SettingUpdate<z.output<z.ZodObject<Shape>>>> {
  const fields = Object.fromEntries(
    Object.entries(setting.shape).map(([key, field]) => {
      if (clearedByUpdate(field)) return [key, z.preprocess((v) => (v === '' ? null : v), ((field as z.ZodOptional).unwrap() as z.ZodType).nullable()).optional()];
      if (field instanceof z.ZodDefault) return [key, (field.unwrap() as z.ZodType).optional()];
      return [key, (field as z.ZodType).optional()];
    }),
  );
  const update = z.object(fields).strict();
  updateSources.set(update, setting.shape as unknown as Readonly<Record<string, z.ZodType>>);
  return update as unknown as z.ZodType<SettingUpdate<z.output<z.ZodObject<Shape>>>>;
}

/**
 * A partial update's GraphQL input fields, made from the setting as {@link partialUpdate} reads
 * it: every field may be left out, null clears exactly the fields the update clears, and each
 * field's description is its schema's. Extend it with `@InputType()` and any fields given their
 * own way (a write-only secret).
 */
export function SettingUpdateFields<T>(update: z.ZodType<T>, options: SchemaFieldsOptions = {}): abstract new () => T {
  const shape = updateSources.get(update);
  if (!shape) throw new Error('SettingUpdateFields takes an update made by partialUpdate');
  return PartialUpdateFields<T>(shape, clearedByUpdate, 'null or empty removes it', options);
}

/**
 * A setting with an update applied, and the fields the update changed: a field set to what it
 * holds already is no change. Null clears a field.
 */
export function applySettingUpdate<T extends object>(current: T, update: SettingUpdate<NoInfer<T>>): { next: T; changed: (keyof T & string)[] } {
  const next = { ...current } as Record<string, unknown>;
  const changed: (keyof T & string)[] = [];
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    const before = next[key];
    if (value === null) delete next[key];
    else next[key] = value;
    if (!sameValue(before, next[key])) changed.push(key as keyof T & string);
  }
  return { next: next as T, changed };
}

/** Whether two settings hold the same: JSON with keys sorted and undefined dropped, as stored JSON columns compare. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
