import { GraphQLError, GraphQLScalarType, Kind, type ASTNode } from 'graphql';
import { DateTime } from 'luxon';

/**
 * A problem with one input value that is safe to show: says what is wrong, never quotes the
 * value. Thrown by the API's scalars; the error formatter puts it under the field's path.
 */
export class InputValueError extends GraphQLError {
  /** `node`: the value written in the query, when it was, so the answer can name its field. */
  constructor(message: string, node?: ASTNode) {
    super(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
  }
}

/** Instants the API takes: nothing before 2000 or from 2100 on is a visit, a report or a sign-in. */
export const EARLIEST_INSTANT = new Date('2000-01-01T00:00:00Z');
export const LATEST_INSTANT = new Date('2100-01-01T00:00:00Z');

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const EXAMPLE = 'e.g. 2026-06-01T14:00:00+01:00 or 2026-06-01T13:00:00Z';

/**
 * An instant as strict ISO 8601: a real calendar date and time with its UTC offset. An offset is
 * required because "14:00" alone means 13:00Z in a London summer and 14:00Z in winter: the API
 * never guesses which one the caller meant.
 */
export function parseInstant(value: unknown): Date {
  if (typeof value !== 'string') throw new InputValueError(`must be a date and time as text, ${EXAMPLE}`);
  const match = value.length <= 40 ? ISO_INSTANT.exec(value) : null;
  if (!match) {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) throw new InputValueError(`must give its UTC offset (Z or +01:00), ${EXAMPLE}`);
    throw new InputValueError(`must be an ISO 8601 date and time with its UTC offset, ${EXAMPLE}`);
  }
  const [, , , , , , , zone, offsetHours, offsetMinutes] = match;
  if (zone !== 'Z' && (Number(offsetHours) > 14 || Number(offsetMinutes) > 59)) throw new InputValueError('has a UTC offset that does not exist');
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw new InputValueError('is not a real date and time (check the day of the month and the hour)');
  const instant = parsed.toJSDate();
  if (instant < EARLIEST_INSTANT || instant >= LATEST_INSTANT) throw new InputValueError('must be between the years 2000 and 2099');
  return instant;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant as ISO 8601 with its UTC offset, such as 2026-06-01T14:00:00+01:00 or 2026-06-01T13:00:00Z. Times without an offset, impossible dates (30 February) and years outside 2000 to 2099 are refused',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return new Date(value).toISOString();
    throw new GraphQLError('DateTime can only serialise dates');
  },
  parseValue: parseInstant,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new InputValueError(`must be a date and time as text, ${EXAMPLE}`, ast);
    try {
      return parseInstant(ast.value);
    } catch (error) {
      throw error instanceof InputValueError ? new InputValueError(error.message, ast) : error;
    }
  },
});
