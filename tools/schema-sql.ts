import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@vv/platform/database';
import { domainEntities } from '@vv/domain/entities';

const orm = await MikroORM.init(createOrmConfig({ clientUrl: 'postgresql://postgres@127.0.0.1:5432/postgres', entities: domainEntities }));
console.log(await orm.schema.getCreateSchemaSQL());
await orm.close();
