import type { Logger } from 'pino';

/**
 * On SIGTERM or SIGINT: stop taking work, let what is running finish, close connections,
 * then exit 0. A second signal, or a stop slower than `graceMs`, exits at once with 1.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, graceMs = 25_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: finishing work in progress');
    setTimeout(() => {
      logger.error('did not stop in time: exiting');
      process.exit(1);
    }, graceMs).unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ error: error instanceof Error ? error.name : 'unknown' }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
