import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepIdleConnections } from '@vv/contracts';
import { createStaffConsole, type ConsoleOptions } from './console-app';

export interface RunningConsole {
  /** Where the console answers, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the console on WEB_HOST:WEB_PORT (0: any free port). Without WEB_PUBLIC_URL the
 * console's own address is its public one (tests, benchmarks): the caller registers
 * `${url}/auth/callback` with the identity provider before anyone signs in.
 */
export async function startStaffConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const server = createServer();
  keepIdleConnections(server);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.config.WEB_PORT, options.config.WEB_HOST, () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = options.config.WEB_PUBLIC_URL ?? `http://${options.config.WEB_HOST}:${port}`;
  try {
    const staffConsole = await createStaffConsole({ ...options, config: { ...options.config, WEB_PUBLIC_URL: url } });
    server.on('request', staffConsole.app);
    return {
      url,
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await staffConsole.close();
      },
    };
  } catch (error) {
    server.close();
    throw error;
  }
}
