import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import { createOrmConfig, type OrmConfigInput } from './orm-config';
import { TenantDatabase } from './tenant-database';
import { DatabaseChangeFeed } from './change-feed';

export interface DatabaseModuleOptions {
  clientUrl: string;
  entities: OrmConfigInput['entities'];
  migrations?: MigrationObject[];
  poolSize: number;
  onQuery?: (sql: string) => void;
  /** An ORM already open, shared by the API and worker when they run in one process; its owner closes it. */
  shared?: MikroORM;
  /**
   * Listen for access changes (default true). Off for the embedded database, which serves
   * one connection: without the feed nothing derived from access is remembered.
   */
  changeFeed?: boolean;
}

const OWNS_ORM = Symbol('OWNS_ORM');

/** The ORM and the tenant-scoped ways into it. Nothing else in the product opens a connection. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(OWNS_ORM) private readonly ownsOrm: boolean,
    @Inject(DatabaseChangeFeed) private readonly changes: DatabaseChangeFeed,
  ) {}

  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: MikroORM, useFactory: () => options.shared ?? MikroORM.init(createOrmConfig(options)) },
        { provide: OWNS_ORM, useValue: !options.shared },
        { provide: TenantDatabase, useFactory: (orm: MikroORM) => new TenantDatabase(orm), inject: [MikroORM] },
        {
          provide: DatabaseChangeFeed,
          // started by the first part of the process that needs it (the API's caller cache)
          useFactory: () => new DatabaseChangeFeed({ clientUrl: options.clientUrl, enabled: options.changeFeed !== false }),
        },
      ],
      exports: [MikroORM, TenantDatabase, DatabaseChangeFeed],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.changes.stop();
    if (this.ownsOrm) await this.orm.close();
  }
}
