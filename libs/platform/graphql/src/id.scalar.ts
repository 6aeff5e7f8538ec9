import { GraphQLID, GraphQLScalarType, Kind } from 'graphql';
import { normaliseId } from '@vv/contracts';
import { InputValueError } from './date-time.scalar';

const NOT_AN_ID = 'is not an id (ids are UUIDs, as the API gives them)';

/**
 * The API's `ID`, in place of GraphQL's own: the one place an id from a caller is checked. A UUID
 * in any letter case reaches the resolver in lowercase, as every id is stored and given out;
 * anything else (a number, a name, a UUID without its dashes) is refused by GraphQL before any
 * resolver runs, as BAD_USER_INPUT naming the argument or input field. Whether the id names
 * something the caller may see is the service's question, and its answer is NOT_FOUND.
 *
 * It keeps GraphQL's name, so the schema reads as before; resolvers and inputs take it instead of
 * `ID` from `@nestjs/graphql` (a lint rule says so, and a schema holding both would not build).
 */
export const ID = new GraphQLScalarType<string, string>({
  name: 'ID',
  description: 'An id as the API gives it out: a UUID (any letter case is taken)',
  serialize: (value) => GraphQLID.serialize(value),
  parseValue(value) {
    const id = normaliseId(value);
    if (id === null) throw new InputValueError(NOT_AN_ID);
    return id;
  },
  parseLiteral(ast) {
    const id = ast.kind === Kind.STRING ? normaliseId(ast.value) : null;
    if (id === null) throw new InputValueError(NOT_AN_ID, ast);
    return id;
  },
});
