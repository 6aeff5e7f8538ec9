import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vv/platform/config';
import { TenantDatabase } from '@vv/platform/database';
import { JOB_QUEUE, registerWorkerHeartbeat, type JobQueue } from '@vv/platform/queue';
import { TrustDirectory, TrustsModule } from '@vv/domain/trusts';
import { registerMissedVisits, registerRetention, RetentionService, VisitService } from '@vv/domain/visits';
import { NOTIFICATION_SETTINGS, NotificationSender, registerNotificationRelay, type NotificationSettings } from '@vv/domain/notifications';
import { processModules, visitModules, type ProcessOptions } from '@vv/runtime/common';

export type WorkerModuleOptions = ProcessOptions;

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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await registerWorkerHeartbeat(this.queue, this.db, this.config.WORKER_HEARTBEAT_SECONDS);
    await registerMissedVisits(this.queue, this.trusts, this.visits);
    await registerRetention(this.queue, this.trusts, this.retention);
    await registerNotificationRelay(this.queue, this.trusts, this.db, this.sender, this.notificationSettings);
    await this.queue.startWorking({ concurrency: 10 });
  }
}

/** The worker process: queue consumers and schedules. No HTTP. */
@Module({})
export class WorkerModule {
  static register(options: WorkerModuleOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [...processModules(options), TrustsModule, ...visitModules(options, false)],
      providers: [WorkerJobs],
    };
  }
}
