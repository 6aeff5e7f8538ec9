import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { Metrics, METRICS } from './metrics';
import { METRICS_SERVER_OPTIONS, ProcessMetrics, type MetricsServerOptions } from './process-metrics';
import { WorkAlert } from './work-alert';
import { MESSAGE_BACKLOG, WORK_CLOCK, WorkMonitor, type MessageBacklogSource } from './work-monitor';

export interface HealthModuleOptions {
  /** `api` or `worker`: a label on every metric. */
  service: string;
  /** Serve /health over HTTP (the API) and log alerts when the background work stops. */
  http: boolean;
  /** Where the message backlog is read from; without one only heartbeats are watched. */
  backlog?: { useFactory: (...deps: never[]) => MessageBacklogSource; inject: unknown[]; imports?: DynamicModule['imports'] };
  /** The private port Prometheus scrapes. */
  metrics: MetricsServerOptions;
  /** The clock heartbeats and messages are judged by (the process's; tests move it). */
  clock?: () => Date;
}

/** Health checks (@nestjs/terminus), Prometheus metrics (prom-client) and the watch on the background work. */
@Module({})
export class HealthModule {
  static register(options: HealthModuleOptions): DynamicModule {
    const backlog: Provider[] = options.backlog
      ? [{ provide: MESSAGE_BACKLOG, useFactory: options.backlog.useFactory as (...deps: unknown[]) => MessageBacklogSource, inject: options.backlog.inject as never[] }]
      : [];
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.backlog?.imports ?? [])],
      controllers: options.http ? [HealthController] : [],
      providers: [
        WorkMonitor,
        { provide: WORK_CLOCK, useValue: options.clock ?? (() => new Date()) },
        { provide: METRICS, useValue: new Metrics(options.service) },
        { provide: METRICS_SERVER_OPTIONS, useValue: options.metrics },
        ProcessMetrics,
        ...backlog,
        ...(options.http ? [WorkAlert] : []),
      ],
      exports: [WorkMonitor, METRICS, ProcessMetrics],
    };
  }
}
