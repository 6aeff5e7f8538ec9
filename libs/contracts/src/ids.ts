/**
 * Ids as the API gives them out: lowercase UUIDs. The API's `ID` scalar takes a UUID in any
 * letter case and hands services its lowercase spelling ({@link normaliseId}), refusing anything
 * else as BAD_USER_INPUT naming the field; so a service only ever meets a well-formed id, and
 * answers NOT_FOUND for one that names nothing the caller may see.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_ANY_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The id a caller wrote, as the API spells it (lowercase), or null when it is not a UUID at all. */
export function normaliseId(value: unknown): string | null {
  return typeof value === 'string' && UUID_ANY_CASE.test(value) ? value.toLowerCase() : null;
}
