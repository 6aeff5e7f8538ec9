import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vv/platform/config';
import { TenantDatabase } from '@vv/platform/database';
import { JOB_QUEUE, registerWorkerHeartbeat, type JobQueue } from '@vv/platform/queue';
import { TrustDirectory, TrustsModule } from '@vv/domain/trusts';
import { registerMissedVisits, registerRetention, RetentionService, VisitService } from '@vv/domain/visits';
import { MessageBacklog, NOTIFICATION_SETTINGS, NotificationSender, registerNotificationRelay, type NotificationSettings } from '@vv/domain/notifications';
import { HealthModule } from '@vv/platform/health';
import { processModules, visitModules, type ProcessOptions } from '@vv/runtime/common';

export type WorkerModuleOptions = ProcessOptions;

/** When this worker's heartbeat job last ran (monotonic clock): its container's liveness. */
class WorkerLiveness {
  private readonly started = performance.now();
  private lastBeat?: number;
  constructor(private readonly staleAfterMs: number) {}
  beat = (): void => {
    this.lastBeat = performance.now();
  };
  live = (): boolean => performance.now() - (this.lastBeat ?? this.started) <= this.staleAfterMs;
}
const WORKER_LIVENESS = Symbol('WORKER_LIVENESS');

/** Registers every job handler and schedule, then starts taking jobs. */
class WorkerJobs implements OnApplicationBootstrap {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TrustDirectory) private readonly trusts: TrustDirectory,
    @Inject(VisitService) private readonly visits: VisitService,
    @Inject(NotificationSender) private readonly sender: NotificationSender,
    @Inject(RetentionService) private readonly retention: RetentionService,
    @Inject(NOTIFICATION_SETTINGS) private readonly notificationSettings: NotificationSettings,
    @Inject(WORKER_LIVENESS) private readonly liveness: WorkerLiveness,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await registerWorkerHeartbeat(this.queue, this.db, this.config.WORKER_HEARTBEAT_SECONDS, this.notificationSettings.now, this.liveness.beat);
    await registerMissedVisits(this.queue, this.trusts, this.visits);
    await registerRetention(this.queue, this.trusts, this.retention);
    await registerNotificationRelay(this.queue, this.trusts, this.db, this.sender, this.notificationSettings);
    // a message's sender holds one database connection while Notify answers: fewer jobs at once
    // than the pool has connections, so the relay and the schedules always find one
    await this.queue.startWorking({ concurrency: Math.max(2, Math.min(10, this.config.DATABASE_POOL_SIZE - 1)) });
  }
}

/** The worker process: queue consumers and schedules. No HTTP. */
@Module({})
export class WorkerModule {
  static register(options: WorkerModuleOptions): DynamicModule {
    const [notifications, visits] = visitModules(options, false);
    const { config } = options;
    const liveness = new WorkerLiveness(config.WORKER_HEARTBEAT_SECONDS * 3 * 1000);
    return {
      module: WorkerModule,
      imports: [
        ...processModules(options),
        TrustsModule,
        notifications,
        visits,
        HealthModule.register({
          service: 'worker',
          http: false,
          clock: options.clock,
          backlog: { useFactory: (backlog: MessageBacklog) => backlog, inject: [MessageBacklog], imports: [notifications] },
          metrics: { port: config.METRICS_PORT, host: config.METRICS_HOST, live: liveness.live },
        }),
      ],
      providers: [WorkerJobs, { provide: WORKER_LIVENESS, useValue: liveness }],
    };
  }
}
