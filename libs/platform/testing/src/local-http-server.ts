import type { Server } from 'node:http';

/**
 * Listens, rejecting if the port cannot be had (for the local stand-ins of outside services).
 * Idle keep-alive connections are kept for a minute, as the real services' load balancers do:
 * with Node's 5 s default, a client reusing a socket just as the server drops it gets ECONNRESET,
 * which a loaded machine made happen now and then.
 */
export function listen(server: Server, port: number, host: string): Promise<void> {
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
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
