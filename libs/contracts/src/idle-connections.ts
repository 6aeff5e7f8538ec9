/**
 * How long an HTTP server keeps an idle keep-alive connection open. Longer than the idle
 * timeout of the load balancers in front of it (60 s is the common default) and of the
 * clients that call it, so the server is never the one to drop a connection just as the other
 * side sends a request on it: that race answers the request with a reset connection
 * (ECONNRESET), and Node's own 5 s default makes it frequent on a busy machine.
 */
export const IDLE_CONNECTION_MS = 65_000;

/** Applies IDLE_CONNECTION_MS to a Node HTTP server (headers must be allowed a little longer). */
export function keepIdleConnections(server: { keepAliveTimeout: number; headersTimeout: number }): void {
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  server.headersTimeout = IDLE_CONNECTION_MS + 1_000;
}
