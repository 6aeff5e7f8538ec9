import { HttpErrorsFilter } from './http-errors.filter';
import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { Logger } from 'pino';
import { AccessGuard } from '@vv/platform/access';
import { APP_CONFIG, apiAudience, type AppConfig } from '@vv/platform/config';
import { DomainErrorFilter, graphqlOptions, InputRulesPipe } from '@vv/platform/graphql';
import { graphqlMetricsPlugin, HealthController, HealthModule, METRICS, type Metrics } from '@vv/platform/health';
import { LOGGER, RequestIdMiddleware } from '@vv/platform/logger';
import { processModules, visitModules, visitSettings, type ProcessOptions } from '@vv/runtime/common';
import { DeliveryReceiptController, MessageBacklog, MessagingSettingsResolver } from '@vv/domain/notifications';
import { OnboardingModule, OnboardingResolver, PlatformResolver } from '@vv/domain/onboarding';
import { TrustAdminResolver, TrustSettingsModule } from '@vv/domain/trust-settings';
import { VisitorPageController, VisitResolver } from '@vv/domain/visits';
import { TrustResolver, TrustsModule } from '@vv/domain/trusts';
import { StaffModule, StaffResolver } from '@vv/domain/staff';
import { PlatformStatisticsResolver, ReportingModule, VisitStatsCsvController, VisitStatsResolver } from '@vv/domain/reporting';
import { AuditEventsResolver, AuditModule } from '@vv/domain/audit';

/** Every resolver the API serves; the committed schema is printed from these. */
export const API_RESOLVERS = [TrustResolver, TrustAdminResolver, StaffResolver, VisitResolver, MessagingSettingsResolver, OnboardingResolver, PlatformResolver, VisitStatsResolver, PlatformStatisticsResolver, AuditEventsResolver];

/** Every HTTP controller the API serves; each must declare its access rule (a test checks). */
export const API_CONTROLLERS = [HealthController, VisitorPageController, DeliveryReceiptController, VisitStatsCsvController];

export type ApiModuleOptions = ProcessOptions;

/** The API process: GraphQL, health, and (in later modules) HTTP callbacks and visitor pages. */
@Module({})
export class ApiModule implements NestModule {
  static register(options: ApiModuleOptions): DynamicModule {
    const [notifications, visits] = visitModules(options, true);
    return {
      module: ApiModule,
      imports: [
        ...processModules(options),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          useFactory: (config: AppConfig, logger: Logger, metrics: Metrics) => {
            const graphql = graphqlOptions(config, logger);
            return { ...graphql, plugins: [...(graphql.plugins ?? []), graphqlMetricsPlugin(metrics)] };
          },
          inject: [APP_CONFIG, LOGGER, METRICS],
        }),
        HealthModule.register({
          service: 'api',
          http: true,
          clock: options.clock,
          backlog: { useFactory: (backlog: MessageBacklog) => backlog, inject: [MessageBacklog], imports: [notifications] },
          metrics: { port: options.config.METRICS_PORT, host: options.config.METRICS_HOST },
        }),
        TrustsModule,
        ReportingModule,
        AuditModule,
        OnboardingModule.register(visitSettings(options)),
        TrustSettingsModule.register(visitSettings(options)),
        notifications,
        visits,
        StaffModule.register({
          authorityBase: options.config.ENTRA_AUTHORITY_BASE,
          audience: apiAudience(options.config),
          platformTenantIds: options.config.PLATFORM_ENTRA_TENANT_IDS,
          clock: options.clock,
        }),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: HttpErrorsFilter },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_PIPE, useClass: InputRulesPipe },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware).forRoutes('*path');
  }
}
