import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TrustsModule } from '@vv/domain/trusts';
import { VISIT_SETTINGS, type VisitSettings } from './visit-settings';
import { VisitService } from './visit.service';
import { VisitResolver } from './visit.resolver';
import { VisitorLinkService } from './visitor-link.service';
import { VISITOR_LINK_GUESSES, VisitorPageController } from './visitor-page.controller';
import { APP_CONFIG, type AppConfig } from '@vv/platform/config';
import { FailedAttemptLimiter } from '@vv/platform/access';
import { RetentionService } from './retention.service';

/** Visits: the GraphQL lifecycle, the visitor's page, and the services the worker's jobs use. */
@Module({})
export class VisitsModule {
  /** `messages` provides VISIT_MESSAGES (the notifications domain's outbox), supplied by the process that composes both. */
  static register(settings: VisitSettings, options: { http: boolean; messages: Provider[]; imports?: DynamicModule['imports'] }): DynamicModule {
    return {
      module: VisitsModule,
      imports: [TrustsModule, ...(options.imports ?? [])],
      controllers: options.http ? [VisitorPageController] : [],
      providers: [
        { provide: VISIT_SETTINGS, useValue: settings },
        ...options.messages,
        VisitService,
        VisitorLinkService,
        RetentionService,
        ...(options.http
          ? [
              VisitResolver,
              {
                provide: VISITOR_LINK_GUESSES,
                // shared by every API replica through Redis when there is one
                useFactory: (config: AppConfig) =>
                  new FailedAttemptLimiter({ limit: 20, windowSeconds: 600, redisUrl: config.REDIS_URL, keyPrefix: `${config.REDIS_QUEUE_PREFIX}:visitor-link-guesses` }),
                inject: [APP_CONFIG],
              },
            ]
          : []),
      ],
      exports: [VisitService, VisitorLinkService, RetentionService],
    };
  }
}
