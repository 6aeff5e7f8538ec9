import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vv/platform/config';
import { TenantDatabase } from '@vv/platform/database';
import { WorkerHeartbeat } from '@vv/platform/queue';

/** Messages of one trust that are due and not yet handed to GOV.UK Notify. */
export interface WaitingMessages {
  /** The trust's ODS code: a bounded, non-personal label. */
  trust: string;
  waiting: number;
  oldestWaitingSeconds: number;
}

/** Where the monitor reads the message backlog from (the messaging domain provides it). */
export interface MessageBacklogSource {
  waiting(now: Date): Promise<WaitingMessages[]>;
  /** Messages due in the last day, by trust and status (for metrics). */
  recentByStatus?(now: Date): Promise<{ trust: string; status: string; count: number }[]>;
}
export const MESSAGE_BACKLOG = Symbol('MESSAGE_BACKLOG');
export const WORK_CLOCK = Symbol('WORK_CLOCK');

export interface WorkReport {
  ok: boolean;
  workers: {
    /** Workers that beat within `staleAfterSeconds`. */
    alive: number;
    /** Seconds since the most recent heartbeat of any worker; null when none was ever seen. */
    lastBeatSecondsAgo: number | null;
    staleAfterSeconds: number;
  };
  messages: {
    waitLimitSeconds: number;
    /** Trusts whose oldest due message has waited longer than the limit. */
    late: WaitingMessages[];
  };
}

/**
 * Reads what the workers leave behind: their heartbeats, and messages due but not yet sent.
 * No worker seen within three heartbeats, or a message waiting past the limit, means the
 * background work has stopped, whatever the API's own health.
 */
@Injectable()
export class WorkMonitor {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORK_CLOCK) private readonly now: () => Date,
    @Optional() @Inject(MESSAGE_BACKLOG) private readonly backlog?: MessageBacklogSource,
  ) {}

  get waitLimitSeconds(): number {
    return this.config.MESSAGE_WAIT_ALERT_SECONDS;
  }

  get staleAfterSeconds(): number {
    return this.config.WORKER_HEARTBEAT_SECONDS * 3;
  }

  /** Seconds since each worker last beat, newest first. */
  async heartbeatAges(now = this.now()): Promise<number[]> {
    const beats = await this.db.platform((em) => em.find(WorkerHeartbeat, {}, { orderBy: { seenAt: 'desc' }, limit: 1000 }));
    return beats.map((beat) => Math.max(0, (now.getTime() - beat.seenAt.getTime()) / 1000));
  }

  async waitingMessages(now = this.now()): Promise<WaitingMessages[]> {
    return this.backlog ? this.backlog.waiting(now) : [];
  }

  async report(now = this.now()): Promise<WorkReport> {
    const [ages, waiting] = await Promise.all([this.heartbeatAges(now), this.waitingMessages(now)]);
    const staleAfterSeconds = this.staleAfterSeconds;
    const waitLimitSeconds = this.waitLimitSeconds;
    const alive = ages.filter((age) => age <= staleAfterSeconds).length;
    const late = waiting.filter((trust) => trust.oldestWaitingSeconds > waitLimitSeconds);
    return {
      ok: alive > 0 && late.length === 0,
      workers: { alive, lastBeatSecondsAgo: ages.length ? Math.round(ages[0]) : null, staleAfterSeconds },
      messages: { waitLimitSeconds, late },
    };
  }
}
