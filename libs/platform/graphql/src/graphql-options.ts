import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { AppConfig } from '@vv/platform/config';
import type { Logger } from '@vv/platform/logger';
import { DateTimeScalar } from './date-time.scalar';
import { createErrorFormatter } from './graphql-errors';
import { queryLimitsRule } from './query-limits.rule';
import { requestLoggingPlugin } from './request-logging.plugin';

/** The committed schema, reviewed with every API change; a test fails when it is stale. */
export const SCHEMA_FILE = 'apps/api/schema.graphql';

/** How the schema is built from the resolvers, for the API and for the committed schema alike. */
export const SCHEMA_BUILD_OPTIONS = { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] };

/**
 * Most tokens (names, punctuation, values) a query may have: the console's largest operation has
 * a few hundred. The parser stops counting there, so an oversize query costs little to refuse.
 */
export const MAX_QUERY_TOKENS = 2000;

/** GraphQL served by Apollo: limits, error masking, logging; no introspection or suggestions in production. */
export function graphqlOptions(config: AppConfig, logger: Logger): ApolloDriverConfig {
  const production = config.NODE_ENV === 'production';
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    buildSchemaOptions: SCHEMA_BUILD_OPTIONS,
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    sortSchema: true,
    graphiql: false,
    playground: false,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // one operation per request: a batch (a JSON array) is refused with 400 BAD_REQUEST, so the
    // query limits, the anonymous budget and the logs each see one operation
    allowBatchedHttpRequests: false,
    // no automatic persisted queries: the console sends every query whole, and their cache is
    // one any caller, signed in or not, could fill; a request naming one is 400 BAD_REQUEST
    persistedQueries: false,
    validationRules: [queryLimitsRule({ maxDepth: config.GRAPHQL_MAX_DEPTH, maxAliases: config.GRAPHQL_MAX_ALIASES, maxCost: config.GRAPHQL_MAX_COST })],
    formatError: createErrorFormatter(logger),
    // Apollo's cache-control plugin wraps every field's resolution to gather cache hints this
    // schema never gives; its one effect was `no-store` on every answer, which noStore keeps
    plugins: [ApolloServerPluginCacheControlDisabled(), noStore, persistedQueriesRefused, requestLoggingPlugin(logger)],
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
  };
}

/** Answers carry what staff may see (patients' names among it): no cache keeps them. */
const noStore: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/**
 * Apollo answers a request naming a persisted query, when they are off, with status 200; it is
 * the caller's mistake, as a request GraphQL cannot read is, so it is answered 400.
 */
const persistedQueriesRefused: ApolloServerPlugin = {
  async requestDidStart({ request }) {
    if (!request.extensions?.persistedQuery) return;
    return {
      async willSendResponse({ response }) {
        response.http.status = 400;
      },
    };
  },
};
