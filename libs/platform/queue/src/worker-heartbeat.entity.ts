import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** When each worker process last proved it can take jobs and reach the database. Platform-level, no trust data. */
@Entity({ tableName: 'worker_heartbeat' })
export class WorkerHeartbeat {
  @PrimaryKey({ type: 'string', length: 100 })
  workerId!: string;

  @Property({ type: 'string', length: 20 })
  queueKind!: string;

  @Property({ type: 'datetime' })
  seenAt!: Date;
}
