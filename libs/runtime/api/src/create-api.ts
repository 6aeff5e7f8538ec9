import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JsonNestLogger } from '@vv/platform/logger';
import { nhsukAssets } from '@vv/ui/nhsuk';
import { ApiModule, type ApiModuleOptions } from './api.module';

/** Builds the API application; `main.ts`, the local runner and the tests all start it this way. */
export async function createApi(options: ApiModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(options), {
    logger: new JsonNestLogger(options.logger),
    bodyParser: true,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 1);
  app.useBodyParser('json', { limit: '256kb' });
  // the NHS.UK stylesheet, icons and manifest of the family's pages, from this origin only (their CSP allows nothing else)
  app.use(nhsukAssets());
  return app;
}
