import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client), in a registry of its own so several
 * processes' worth can live in one test run. Labels are bounded and never personal:
 * operations are the schema's root fields, outcomes are error codes, routes are route
 * patterns, trusts are ODS codes.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly graphqlRequests = new Counter({
    name: 'vv_graphql_requests_total',
    help: 'GraphQL operations by root field, operation type and outcome (ok or the error code)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'vv_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL request, by root field',
    labelNames: ['operation'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly httpRequests = new Counter({
    name: 'vv_http_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'vv_process_' });
  }

  /** A gauge whose values are read when Prometheus scrapes; a slow or failing read leaves it empty rather than hanging the scrape. */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Promise<{ labels: Partial<Record<L, string>>; value: number }[]>): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        const values = await withTimeout(read(), 2000).catch(() => []);
        for (const { labels, value } of values) this.set(labels, value);
      },
    });
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

export const METRICS = Symbol('METRICS');

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]).finally(() => clearTimeout(timer));
}

interface CountedRequest {
  method: string;
  route?: { path?: unknown };
}
interface CountedResponse {
  statusCode: number;
  on(event: 'finish', listener: () => void): void;
}

/** Counts every HTTP request by the pattern of the route that answered it (never the address itself: it may hold a visitor's token). */
export function countHttpRequests(metrics: Metrics) {
  return (req: CountedRequest, res: CountedResponse, next: () => void): void => {
    res.on('finish', () => {
      const route = typeof req.route?.path === 'string' ? req.route.path : '(unmatched)';
      metrics.httpRequests.inc({ route, method: req.method, status: String(res.statusCode) });
    });
    next();
  };
}
