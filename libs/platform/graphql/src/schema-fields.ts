import { Field, Float, InputType, Int, ObjectType, type GqlTypeReference, type ReturnTypeFunc } from '@nestjs/graphql';
import type { z } from 'zod';
import { closedSetEnumOf } from './closed-set-enums';
import { NullClears, PartialUpdateInput } from './input-rules';

/**
 * GraphQL fields made from a zod object schema, so a type the API takes or shows is its schema's
 * fields and nothing else: a field added to the schema is in the API, with its rule's words as its
 * description (`.describe()`), and none can be forgotten or drift. Each returns an abstract class
 * to extend with `@InputType()` / `@ObjectType()` and the fields the schema does not hold (a
 * write-only secret, a list given its own way).
 *
 * string → String, whole number → Int, other numbers → Float, boolean → Boolean, an enum of a
 * contracts closed set → that set's GraphQL enum, an array → a list; anything else (an object, a
 * record) has no one GraphQL shape and is refused when the type is made: give it its own field.
 */

/** What one field of a schema is in GraphQL. */
export interface SchemaField {
  /** The GraphQL type (a list when the schema holds an array). */
  type: ReturnTypeFunc;
  /** The schema lets it be absent (`.optional()`): shown as null, and taken as null in an update. */
  optional: boolean;
  /** It has a default (`.default()`): a whole setting may leave it out, yet it always holds a value. */
  defaulted: boolean;
  description?: string;
}

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

export interface SchemaFieldsOptions {
  /** The GraphQL enum of a field whose closed set's values another set shares. */
  enums?: Readonly<Record<string, object>>;
}
type Shape = Readonly<Record<string, z.ZodType>>;

/** How a schema's field is one GraphQL field: wrappers read through, the first description found kept. */
export function schemaField(name: string, field: z.ZodType, options: SchemaFieldsOptions = {}): SchemaField {
  let optional = false;
  let defaulted = false;
  let description: string | undefined;
  let list = false;
  let schema = field;
  for (;;) {
    description ??= schema.description;
    const def = schema._zod.def as z.core.$ZodTypeDef & { innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; element?: z.ZodType };
    if (def.type === 'optional') optional = true;
    else if (def.type === 'default' || def.type === 'prefault') defaulted = true;
    else if (def.type === 'pipe') {
      // a transform's input is what GraphQL carries; a preprocess's is what it reads
      schema = (def.in?._zod.def.type === 'transform' ? def.out : def.in) as z.ZodType;
      continue;
    } else if (def.type === 'array' && !list) {
      list = true;
      schema = def.element as z.ZodType;
      continue;
    } else if (def.type !== 'nullable') {
      const type = options.enums?.[name] ?? scalarType(name, schema);
      return { type: list ? () => [type] : () => type, optional, defaulted, description };
    }
    schema = def.innerType as z.ZodType;
  }
}

function scalarType(name: string, schema: z.ZodType): GqlTypeReference {
  const type = schema._zod.def.type;
  if (type === 'string') return String;
  if (type === 'boolean') return Boolean;
  if (type === 'number') return (schema as z.ZodNumber).isInt ? Int : Float;
  if (type === 'enum') return closedSetEnumOf((schema as z.ZodEnum).options as string[]);
  throw new Error(`${name} (${type}) has no one GraphQL shape: give it a field of its own`);
}

/** A schema's output as the API shows it: a field the schema may lack is null rather than absent. */
export type ShownAs<T> = { [K in keyof T]-?: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };

/** The fields of a type the API shows, from a schema: one it may lack is nullable, one with a default is not. */
export function ObjectFields<S extends ObjectSchema>(schema: S, options: SchemaFieldsOptions = {}): abstract new () => ShownAs<z.output<S>> {
  @ObjectType({ isAbstract: true })
  abstract class SchemaObjectFields {}
  for (const [name, field] of Object.entries(schema.shape as Shape)) {
    const { type, optional, description } = schemaField(name, field, options);
    Field(type, { nullable: optional, description })(SchemaObjectFields.prototype, name);
  }
  return SchemaObjectFields as unknown as abstract new () => ShownAs<z.output<S>>;
}

/** The fields of an input that gives a whole value: one the schema may lack, or has a default for, may be left out. */
export function InputFields<S extends ObjectSchema>(schema: S, options: SchemaFieldsOptions = {}): abstract new () => z.input<S> {
  @InputType({ isAbstract: true })
  abstract class SchemaInputFields {}
  for (const [name, field] of Object.entries(schema.shape as Shape)) {
    const { type, optional, defaulted, description } = schemaField(name, field, options);
    Field(type, { nullable: optional || defaulted, description })(SchemaInputFields.prototype, name);
  }
  return SchemaInputFields as unknown as abstract new () => z.input<S>;
}

/**
 * The fields of a partial update ({@link PartialUpdateInput}) of the value `shape` describes:
 * every field may be left out; `clears` says which an explicit null clears ({@link NullClears}),
 * and `clearing` is added to their descriptions.
 */
export function PartialUpdateFields<T>(shape: Shape, clears: (field: z.ZodType) => boolean, clearing: string, options: SchemaFieldsOptions = {}): abstract new () => T {
  @InputType({ isAbstract: true })
  @PartialUpdateInput()
  abstract class SchemaUpdateFields {}
  for (const [name, field] of Object.entries(shape)) {
    const { type, description } = schemaField(name, field, options);
    const cleared = clears(field);
    Field(type, { nullable: true, description: cleared ? [description, clearing].filter(Boolean).join('; ') : description })(SchemaUpdateFields.prototype, name);
    if (cleared) NullClears()(SchemaUpdateFields.prototype, name);
  }
  return SchemaUpdateFields as unknown as abstract new () => T;
}

/** A value as the API shows it by its schema ({@link ObjectFields}): the schema's fields only, one it lacks as null. */
export function shownAs<S extends ObjectSchema>(schema: S, value: z.output<S>): ShownAs<z.output<S>> {
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, (value as Record<string, unknown>)[name] ?? null])) as ShownAs<z.output<S>>;
}
