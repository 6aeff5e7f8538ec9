import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import { createOrmConfig, type OrmConfigInput } from './orm-config';
import { TenantDatabase } from './tenant-database';

export interface DatabaseModuleOptions {
  clientUrl: string;
  entities: OrmConfigInput['entities'];
  migrations?: MigrationObject[];
  poolSize: number;
  onQuery?: (sql: string) => void;
  /** An ORM already open, shared by the API and worker when they run in one process; its owner closes it. */
  shared?: MikroORM;
}

const OWNS_ORM = Symbol('OWNS_ORM');

/** The ORM and the tenant-scoped ways into it. Nothing else in the product opens a connection. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(OWNS_ORM) private readonly ownsOrm: boolean,
  ) {}

  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: MikroORM, useFactory: () => options.shared ?? MikroORM.init(createOrmConfig(options)) },
        { provide: OWNS_ORM, useValue: !options.shared },
        { provide: TenantDatabase, useFactory: (orm: MikroORM) => new TenantDatabase(orm), inject: [MikroORM] },
      ],
      exports: [MikroORM, TenantDatabase],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ownsOrm) await this.orm.close();
  }
}
