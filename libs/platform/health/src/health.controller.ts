import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { JOB_QUEUE, type JobQueue } from '@vv/platform/queue';
import { Access } from '@vv/platform/access';

interface HealthResponse {
  status(code: number): HealthResponse;
  setHeader(name: string, value: string): void;
  json(body: unknown): void;
}

/**
 * Liveness says the process answers; readiness says it can do its work (database and
 * queue reachable), so a load balancer stops sending requests to an instance that cannot.
 */
@Controller('health')
@Access.public('load balancers and orchestrators probe it; it reveals no data')
export class HealthController {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() res: HealthResponse): Promise<void> {
    const [database, queue] = await Promise.all([this.databaseReady(), this.queue.isHealthy()]);
    const ok = database && queue;
    res.setHeader('Cache-Control', 'no-store');
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      checks: { database: database ? 'up' : 'down', queue: queue ? 'up' : 'down', queueKind: this.queue.kind },
    });
  }

  private async databaseReady(): Promise<boolean> {
    try {
      await withTimeout(this.orm.em.getConnection().execute('select 1'), 2000);
      return true;
    } catch {
      return false;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
