import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, ERROR_CODES } from '@vv/contracts';
import type { Logger } from '@vv/platform/logger';

/** Apollo's own codes for requests that never reached a resolver. They say nothing about our data. */
const REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * The one place errors become what clients see. Domain errors keep their code, message and
 * field problems; a variable of the wrong type is BAD_USER_INPUT; anything else is logged
 * with the request id and masked.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        path: formatted.path,
        extensions: { code: original.code, ...(original.fields ? { fields: original.fields } : {}) },
      };
    }
    const code = String(formatted.extensions?.code ?? '');
    if (code === 'BAD_USER_INPUT') {
      // GraphQL variable coercion: the message names the variable and the expected type, never the value
      return { message: stripValues(formatted.message), locations: formatted.locations, extensions: { code } };
    }
    if (REQUEST_CODES.has(code) || (ERROR_CODES as readonly string[]).includes(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    logger.error({ error: describeError(original), path: formatted.path }, 'Unexpected error while answering a GraphQL request');
    return { message: 'Something went wrong on our side. Try again, and call the service desk if it keeps happening.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * GraphQL's coercion messages quote the rejected value ("got invalid value "Jane ...""),
 * which may be personal data. Keep the variable and the expected type, drop the value.
 */
export function stripValues(message: string): string {
  if (!/invalid value/i.test(message)) return message;
  const variable = /^Variable "(\$\w+)"/.exec(message)?.[1];
  const type = /Expected type "([^"]+)"/.exec(message)?.[1] ?? /(\w+) cannot represent/.exec(message)?.[1];
  const subject = variable ? `Variable "${variable}"` : 'An argument';
  return `${subject} has an invalid value${type ? `; expected ${type}` : ''}`;
}

/**
 * What of an unexpected error may be logged. Not its message: database and ORM messages
 * can quote the values of a failed statement, which may be a patient's name.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof GraphQLError || error instanceof Error) {
    const sqlState = (error as { code?: unknown }).code;
    return {
      type: error.constructor.name,
      ...(typeof sqlState === 'string' ? { code: sqlState } : {}),
      frames: error.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 12),
    };
  }
  return { type: typeof error };
}
