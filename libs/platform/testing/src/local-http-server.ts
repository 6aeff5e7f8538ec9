import type { Server } from 'node:http';
import { keepIdleConnections } from '@vv/contracts';

/**
 * Listens, rejecting if the port cannot be had (for the local stand-ins of outside services).
 * Idle connections are kept as the real services' load balancers keep them (see keepIdleConnections).
 */
export function listen(server: Server, port: number, host: string): Promise<void> {
  keepIdleConnections(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops listening and drops every connection, keep-alive or not: close() never waits on a client. */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
