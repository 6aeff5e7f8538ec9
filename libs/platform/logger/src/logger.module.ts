import { Global, Injectable, Module, type DynamicModule, type LoggerService, type NestMiddleware } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { logContext } from './log-context';

export const LOGGER = Symbol('LOGGER');

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every HTTP request an id (the caller's `X-Request-Id` when it is well formed),
 * returns it in the response, and puts it in the log context of everything the request does.
 */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(req: { headers: Record<string, string | string[] | undefined> }, res: { setHeader(name: string, value: string): void }, next: () => void): void {
    const offered = req.headers['x-request-id'];
    const requestId = typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    logContext.run({ requestId }, next);
  }
}

/** NestJS's start-up chatter (a line per module and route): detail, not news. */
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'GraphQLModule', 'NestApplication']);
/** Terminal colour codes have no place in JSON. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const plain = (message: unknown) => String(message).replace(ANSI, '');

/** Routes NestJS's own log lines into the JSON logger, start-up chatter at debug level. */
export class JsonNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    if (context && START_UP_CONTEXTS.has(context)) this.logger.debug({ context }, plain(message));
    else this.logger.info({ context }, plain(message));
  }
  error(message: unknown, _trace?: string, context?: string) {
    this.logger.error({ context }, plain(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, plain(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, plain(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, plain(message));
  }
}

@Global()
@Module({})
export class LoggerModule {
  static forRoot(logger: Logger): DynamicModule {
    return { module: LoggerModule, providers: [{ provide: LOGGER, useValue: logger }, RequestIdMiddleware], exports: [LOGGER, RequestIdMiddleware] };
  }
}
