import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { Logger } from 'pino';
import type { MigrationObject } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AccessGuard } from '@vv/platform/access';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@vv/platform/config';
import { DatabaseModule } from '@vv/platform/database';
import { DomainErrorFilter, graphqlOptions } from '@vv/platform/graphql';
import { HealthModule } from '@vv/platform/health';
import { LOGGER, LoggerModule, RequestIdMiddleware } from '@vv/platform/logger';
import { QueueModule, type JobQueue } from '@vv/platform/queue';
import { QUEUE_NAMES } from '@vv/contracts';
import { domainEntities } from '@vv/domain/entities';
import { TrustResolver, TrustsModule } from '@vv/domain/trusts';

/** Every resolver the API serves; the committed schema is printed from these. */
export const API_RESOLVERS = [TrustResolver];

export interface ApiModuleOptions {
  config: AppConfig;
  logger: Logger;
  databaseUrl: string;
  migrations?: MigrationObject[];
  /** Shared with an in-process worker when running without Redis. */
  queue?: JobQueue;
  /** Shared with the other process's modules when the API and worker run in one process. */
  orm?: MikroORM;
}

/** The API process: GraphQL, health, and (in later modules) HTTP callbacks and visitor pages. */
@Module({})
export class ApiModule implements NestModule {
  static register(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggerModule.forRoot(options.logger),
        DatabaseModule.forRoot({
          clientUrl: options.databaseUrl,
          entities: domainEntities,
          migrations: options.migrations,
          poolSize: options.config.DATABASE_POOL_SIZE,
          shared: options.orm,
        }),
        QueueModule.forRoot({ redisUrl: options.config.REDIS_URL, redisPrefix: options.config.REDIS_QUEUE_PREFIX, queueName: QUEUE_NAMES.maintenance, shared: options.queue }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          useFactory: (config: AppConfig, logger: Logger) => graphqlOptions(config, logger),
          inject: [APP_CONFIG, LOGGER],
        }),
        HealthModule,
        TrustsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware).forRoutes('*path');
  }
}
