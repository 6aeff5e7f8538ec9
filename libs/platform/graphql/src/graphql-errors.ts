import { GraphQLError, Kind, parse, visit, type ASTNode, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, ERROR_CODES, type FieldProblem } from '@vv/contracts';
import { InputValueError } from './date-time.scalar';
import type { Logger } from '@vv/platform/logger';

/** The answer to a request naming a persisted query: the API keeps none (see graphqlOptions). */
export const PERSISTED_QUERY_REFUSAL = 'This API does not take persisted queries: send the query itself, without extensions.persistedQuery';

/** Apollo's own codes for requests that never reached a resolver. They say nothing about our data. */
const REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE']);

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
      // GraphQL variable coercion: the field's path and what it must be, never the value
      const problem = coercionProblem(formatted.message, error);
      if (problem) return { message: `${problem.field}: ${problem.message}`, locations: formatted.locations, extensions: { code, fields: [problem] } };
      return { message: stripValues(formatted.message), locations: formatted.locations, extensions: { code } };
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED') {
      // a value written into the query itself: named by its path like a variable's, and never quoted
      const problem = literalProblem(formatted.message, error);
      if (problem) return { message: `${problem.field}: ${problem.message}`, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', fields: [problem] } };
      if (quotesValue(formatted.message) || findInputValueError(error)) return { message: 'A value written in the query has the wrong type', locations: formatted.locations, extensions: { code } };
    }
    if (code === 'OPERATION_RESOLUTION_FAILURE' && /^Unknown operation named/.test(formatted.message)) {
      return { message: 'No operation in the query has the name given as operationName', extensions: { code } };
    }
    if (code === 'PERSISTED_QUERY_NOT_SUPPORTED') {
      return { message: PERSISTED_QUERY_REFUSAL, extensions: { code: 'BAD_REQUEST' } };
    }
    if (isRequestShapeError(error)) {
      // the request asks for something GraphQL or Apollo cannot do with any data (an operation
      // type the schema has not): the caller's to change, and nothing of ours went wrong
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_REQUEST' } };
    }
    if (REQUEST_CODES.has(code) || (ERROR_CODES as readonly string[]).includes(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    logger.error({ error: describeError(original), path: formatted.path }, 'Unexpected error while answering a GraphQL request');
    return { message: 'Something went wrong on our side. Try again, and call the service desk if it keeps happening.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * GraphQL's and Apollo's own refusals of a request's shape carry no code of their own (Apollo
 * gives them INTERNAL_SERVER_ERROR): a GraphQLError raised by the library itself, so with no
 * underlying error, and outside any field (no path). A resolver's failure always has a path,
 * and a failure underneath (the database, a bug) has an original error.
 */
function isRequestShapeError(error: unknown): boolean {
  return error instanceof GraphQLError && !error.originalError && !error.path?.length && !error.extensions?.code;
}

/**
 * The field a variable coercion error is about, as a path from the variable (`input.startAt`,
 * `input.visitingHours.0.day`), and what the value must be. The API's own scalars say why in
 * words written for people ({@link InputValueError}); GraphQL's built-in messages quote the
 * value, so only the expected type is kept from them.
 */
export function coercionProblem(message: string, error?: unknown): FieldProblem | null {
  const variable = /^Variable "\$(\w+)" /.exec(message)?.[1];
  if (!variable) return null;
  const notProvided = new RegExp(`^Variable "\\$${variable}" of (?:required|non-null) type "([^"]+)" (?:was not provided|must not be null)`).exec(message);
  if (notProvided) return { field: variable, message: 'is required' };
  const at = new RegExp(` at "(${variable}(?:[.[][^"]*)?)"; `).exec(message);
  const path = (at?.[1] ?? variable).replace(/\[(\d+)\]/g, '.$1');
  const rest = innerMessage(error) ?? (at ? message.slice(at.index + at[0].length) : message.replace(/^[^;]*; /, ''));
  const own = findInputValueError(error);
  if (own) return { field: path, message: own.message };
  let match: RegExpExecArray | null;
  if ((match = /^Field "(\w+)" of required type "([^"]+)" was not provided/.exec(rest))) return { field: `${path}.${match[1]}`, message: 'is required' };
  if ((match = /^Field "(\w+)" is not defined by type "(\w+)"/.exec(rest))) return { field: `${path}.${match[1]}`, message: `is not a field of ${match[2]}` };
  if ((match = /^Expected type "(\w+)" to be an object/.exec(rest))) return { field: path, message: `must be an object (${match[1]})` };
  if (/^Expected value of non-null type/.test(rest)) return { field: path, message: 'is required' };
  if ((match = /^Value .* does not exist in "(\w+)" enum/.exec(rest))) return { field: path, message: `must be one of the ${match[1]} values` };
  if ((match = /^Expected type "(\w+)"/.exec(rest) ?? /^(\w+) cannot represent/.exec(rest))) return { field: path, message: expectation(match[1]) };
  return { field: path, message: 'has a value of the wrong type' };
}

/**
 * GraphQL's checks of values written into the query (`bookVisit(input: { startAt: "..." })`)
 * quote the value and name no field. The field is found from where the value sits in the
 * document (`input.startAt`, argument then input fields), and the message says what the
 * value must be, in the same words as for a variable.
 */
export function literalProblem(message: string, error: unknown): FieldProblem | null {
  const located = error instanceof GraphQLError ? error : null;
  const node = located?.nodes?.[0];
  if (!node?.loc || !located?.source) return null;
  const missing = /^Field "\w+\.(\w+)" of required type "[^"]+" was not provided/.exec(message);
  const unknown = /^Field "(\w+)" is not defined by type "(\w+)"/.exec(message);
  const own = findInputValueError(error);
  if (!missing && !unknown && !own && !quotesValue(message)) return null;
  const path = pathOfValue(located.source.body, node.loc.start, node.kind);
  if (!path) return null;
  if (missing) return { field: `${path}.${missing[1]}`, message: 'is required' };
  if (unknown) return { field: path, message: `is not a field of ${unknown[2]}` }; // the field itself is the node
  if (own) return { field: path, message: own.message };
  const expected = /^Expected value of type "([^"]+)"/.exec(message)?.[1];
  if (expected?.endsWith('!') && node.kind === Kind.NULL) return { field: path, message: 'is required' };
  const enumType = /does not exist in "(\w+)" enum/.exec(message)?.[1] ?? /^Enum "(\w+)" cannot represent/.exec(message)?.[1];
  if (enumType) return { field: path, message: `must be one of the ${enumType} values` };
  if (expected?.startsWith('[') && node.kind !== Kind.LIST) return { field: path, message: `must be a list of ${expected.replace(/[[\]!]/g, '')}` };
  const type = expected?.replace(/[[\]!]/g, '') ?? /^(\w+) cannot represent/.exec(message)?.[1];
  return { field: path, message: type ? expectation(type) : 'has a value of the wrong type' };
}

/** GraphQL's messages about a value written into the query that quote the value. */
export function quotesValue(message: string): boolean {
  return /^Expected value of type "|^\w+ cannot represent |^Enum "\w+" cannot represent |^Value .* does not exist in "\w+" enum/.test(message);
}

/** The argument and input-field path (`input.visitingHours.0.day`) of the value starting at `offset`. */
function pathOfValue(body: string, offset: number, kind: Kind): string | null {
  let found: string | null = null;
  const path: string[] = [];
  const ancestry: ASTNode[] = [];
  visit(parse(body, { noLocation: false }), {
    enter(node) {
      if (found !== null) return false;
      const parent = ancestry[ancestry.length - 1];
      if (parent?.kind === Kind.LIST) path.push(String(parent.values.indexOf(node as never)));
      if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) path.push(node.name.value);
      if (node.loc?.start === offset && node.kind === kind && path.length > 0) found = path.join('.');
      ancestry.push(node);
      return undefined;
    },
    leave(node) {
      ancestry.pop();
      const parent = ancestry[ancestry.length - 1];
      if (parent?.kind === Kind.LIST) path.pop();
      if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) path.pop();
    },
  });
  return found;
}

function expectation(type: string): string {
  switch (type) {
    case 'Int':
      return 'must be a whole number (Int)';
    case 'Float':
      return 'must be a number (Float)';
    case 'Boolean':
      return 'must be true or false (Boolean)';
    case 'String':
      return 'must be text (String)';
    case 'ID':
      return 'must be an id (ID)';
    default:
      return `must be a ${type}`;
  }
}

/** GraphQL keeps the coercion's own error (without the variable's value in front) as the original error. */
function innerMessage(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const text = (current as { message?: unknown }).message;
    if (typeof text === 'string' && !text.startsWith('Variable "$')) return text;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
}

function findInputValueError(error: unknown): InputValueError | null {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof InputValueError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
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
