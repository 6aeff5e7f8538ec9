import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { DomainError } from '@vv/contracts';
import type { Metrics } from './metrics';

/**
 * Counts GraphQL operations by root field (the schema bounds them; client-chosen operation
 * names are never a label), operation type and outcome, and times them.
 */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(context) {
          const errors = context.errors ?? [];
          // a request that failed to parse or validate may name fields the schema lacks
          const invalid = !context.operation || errors.some((e) => ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'].includes(String(e.extensions?.code)));
          const fields = invalid ? ['(invalid)'] : rootFields(context.operation!);
          const type = invalid ? 'unknown' : context.operation!.operation;
          const outcome = errors.length ? codeOf(errors[0]) : 'ok';
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          for (const operation of fields) {
            metrics.graphqlRequests.inc({ operation, type, outcome });
            metrics.graphqlDuration.observe({ operation }, seconds);
          }
        },
      };
    },
  };
}

function rootFields(operation: OperationDefinitionNode): string[] {
  const names = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '(fragment)'));
  return [...new Set(names)];
}

function codeOf(error: { extensions?: Record<string, unknown> }): string {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original.code;
  return String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR').slice(0, 40);
}
