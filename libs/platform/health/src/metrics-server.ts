import { createServer, type Server } from 'node:http';
import type { Metrics } from './metrics';

/**
 * A small HTTP server on the private metrics port: `GET /metrics` in Prometheus's text
 * format and `GET /health/live` (how a container checks a process with no other port, the
 * worker). Nothing else; keep the port off the public network.
 */
export async function startMetricsServer(metrics: Metrics, options: { port: number; host: string; live?: () => boolean }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      metrics.exposition().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (req.method === 'GET' && path === '/health/live') {
      const live = options.live?.() ?? true;
      res.writeHead(live ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ status: live ? 'ok' : 'stalled' }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
