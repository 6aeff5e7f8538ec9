import { GraphQLError } from 'graphql';
import { BadUserInputError, NotFoundError } from '@vv/contracts';
import { createErrorFormatter, stripValues } from '../graphql-errors';

function fakeLogger() {
  const lines: unknown[] = [];
  return { lines, logger: { error: (obj: unknown, msg: string) => lines.push({ obj, msg }) } as never };
}

describe('the GraphQL error formatter', () => {
  it('keeps a domain error\'s code, message and field problems', () => {
    const { logger, lines } = fakeLogger();
    const format = createErrorFormatter(logger);
    const error = new BadUserInputError([{ field: 'contactMobile', message: 'is not a UK mobile number' }]);
    const wrapped = new GraphQLError(error.message, { originalError: error, path: ['bookVisit'] });
    expect(format({ message: wrapped.message, path: ['bookVisit'] }, wrapped)).toEqual({
      message: 'contactMobile: is not a UK mobile number',
      path: ['bookVisit'],
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'contactMobile', message: 'is not a UK mobile number' }] },
    });
    expect(lines).toEqual([]);
  });

  it('masks an unexpected error for the client and logs it without its message', () => {
    const { logger, lines } = fakeLogger();
    const format = createErrorFormatter(logger);
    const failure = new Error(`insert into "visit" ("patient_name") values ('Jane Patient') - duplicate key`);
    const wrapped = new GraphQLError(failure.message, { originalError: failure, path: ['bookVisit'] });
    const formatted = format({ message: wrapped.message, path: ['bookVisit'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped);
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(formatted.message).not.toContain('Jane');
    expect(JSON.stringify(lines)).not.toContain('Jane Patient');
    expect(lines).toHaveLength(1);
  });

  it('keeps NOT_FOUND for another trust\'s record', () => {
    const { logger } = fakeLogger();
    const error = new NotFoundError('Visit');
    const formatted = createErrorFormatter(logger)({ message: '', path: ['visit'] }, new GraphQLError('', { originalError: error, path: ['visit'] }));
    expect(formatted).toMatchObject({ message: 'Visit was not found', extensions: { code: 'NOT_FOUND' } });
  });

  it('strips rejected values from coercion messages', () => {
    expect(stripValues('Variable "$mobile" got invalid value "07700900123"; Int cannot represent non-integer value: "07700900123"')).toBe(
      'Variable "$mobile" has an invalid value; expected Int',
    );
    expect(stripValues('Variable "$id" of required type "ID!" was not provided.')).toBe('Variable "$id" of required type "ID!" was not provided.');
  });
});
