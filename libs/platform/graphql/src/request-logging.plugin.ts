import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '@vv/contracts';
import type { Logger } from '@vv/platform/logger';

/**
 * One JSON line per GraphQL operation: name, type, duration, outcome codes. Never the
 * query text's variables: they carry what staff typed, which may be a patient's name.
 */
export function requestLoggingPlugin(logger: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(context) {
          const errors = context.errors ?? [];
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          logger.info(
            {
              operation: context.operationName ?? null,
              operationType: context.operation?.operation ?? null,
              durationMs: Math.round(durationMs * 10) / 10,
              errorCodes: errors.map(codeOf),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

function codeOf(error: { extensions?: Record<string, unknown> }): string {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original.code;
  return String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
}
