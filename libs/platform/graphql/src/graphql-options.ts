import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
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
    validationRules: [queryLimitsRule({ maxDepth: config.GRAPHQL_MAX_DEPTH, maxAliases: config.GRAPHQL_MAX_ALIASES, maxCost: config.GRAPHQL_MAX_COST })],
    formatError: createErrorFormatter(logger),
    // no cache hints are used: without the cache-control plugin Apollo wraps no resolver (it timed every field of every row)
    plugins: [requestLoggingPlugin(logger), ApolloServerPluginCacheControlDisabled()],
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
  };
}
