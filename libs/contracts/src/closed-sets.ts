/**
 * How a closed set (a tuple of values defined once in these contracts) is named in the
 * GraphQL API. The values themselves (`bookingConfirmation`, `in_progress`,
 * `temporary-failure`) stay what the database, job payloads, configuration files and logs
 * hold; GraphQL shows each as UPPER_SNAKE_CASE, the GraphQL convention
 * (`BOOKING_CONFIRMATION`, `IN_PROGRESS`, `TEMPORARY_FAILURE`), and turns it back into the
 * value on the way in. The API's enums are built from these by one helper
 * (`closedSetEnum` in the GraphQL platform library), never written out by hand.
 */

type IsLowerLetter<C extends string> = C extends Lowercase<C> ? (C extends Uppercase<C> ? false : true) : false;
type IsUpperLetter<C extends string> = C extends Uppercase<C> ? (C extends Lowercase<C> ? false : true) : false;

/** `GraphqlEnumName<'visitReminders'>` is `'VISIT_REMINDERS'`, as graphqlEnumName spells it. */
export type GraphqlEnumName<S extends string, Previous extends string = ''> = S extends `${infer C}${infer Rest}`
  ? `${C extends '-' | '.' | ' ' ? '_' : `${IsLowerLetter<Previous> extends true ? (IsUpperLetter<C> extends true ? '_' : '') : ''}${Uppercase<C>}`}${GraphqlEnumName<Rest, C>}`
  : '';

/** A closed set as GraphQL names to values: `{ VISIT_REMINDERS: 'visitReminders', … }`. */
export type GraphqlEnumValues<T extends readonly string[]> = { readonly [V in T[number] as GraphqlEnumName<V>]: V };

/** The GraphQL name of one value of a closed set: `visitReminders` → `VISIT_REMINDERS`. */
export function graphqlEnumName<S extends string>(value: S): GraphqlEnumName<S> {
  const name = value
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[-. ]/g, '_')
    .toUpperCase();
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`"${value}" has no GraphQL enum name`);
  return name as GraphqlEnumName<S>;
}

/** GraphQL names to values, as the API registers a closed set (two values may not share a name). */
export function graphqlEnumValues<const T extends readonly string[]>(values: T): GraphqlEnumValues<T> {
  const byName: Record<string, string> = {};
  for (const value of values) {
    const name = graphqlEnumName(value);
    if (name in byName) throw new Error(`"${byName[name]}" and "${value}" would both be ${name} in GraphQL`);
    byName[name] = value;
  }
  return Object.freeze(byName) as GraphqlEnumValues<T>;
}
