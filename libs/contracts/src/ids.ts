/**
 * Ids as the API gives them out: lowercase UUIDs. Any other spelling is not an id, so it can
 * never half-match a record; services check an id with this before they look it up, and
 * answer NOT_FOUND or BAD_USER_INPUT (naming the field) when it is not one.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
