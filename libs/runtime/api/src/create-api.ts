import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JsonNestLogger } from '@vv/platform/logger';
import { countHttpRequests, METRICS, type Metrics } from '@vv/platform/health';
import { nhsukAssets } from '@vv/ui/nhsuk';
import { anonymousQueryBudget } from '@vv/platform/graphql';
import { keepIdleConnections } from '@vv/contracts';
import type { EntraTokenVerifier } from '@vv/platform/auth';
import { ENTRA_TOKEN_VERIFIER } from '@vv/domain/staff';
import { ApiModule, type ApiModuleOptions } from './api.module';
import { useRequestBodyParsers } from './request-body-parsers';

/** Builds the API application; `main.ts`, the local runner and the tests all start it this way. */
export async function createApi(options: ApiModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(options), {
    logger: new JsonNestLogger(options.logger),
    // the API's own parsers, with its rules, are set up below
    bodyParser: false,
  });
  app.disable('x-powered-by');
  keepIdleConnections(app.getHttpServer());
  // the client's address (visitor-link limiter, logs) comes from X-Forwarded-For only through proxies named in TRUST_PROXY
  app.set('trust proxy', options.config.TRUST_PROXY);
  if (options.config.CORS_ORIGINS.length) {
    app.enableCors({ origin: [...options.config.CORS_ORIGINS], methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', 'x-trust', 'x-request-id'], maxAge: 600 });
  }
  // before the body parser: an oversize request from someone not signed in is refused unread
  const verifier = app.get<EntraTokenVerifier>(ENTRA_TOKEN_VERIFIER);
  app.use('/graphql', anonymousQueryBudget(async (token) => Boolean(await verifier.verify(token))));
  useRequestBodyParsers(app);
  app.use(countHttpRequests(app.get<Metrics>(METRICS)));
  // the NHS.UK stylesheet, icons and manifest of the family's pages, from this origin only (their CSP allows nothing else)
  app.use(nhsukAssets());
  return app;
}
