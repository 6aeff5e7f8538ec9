import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { ApiTestHarness } from './api-test-harness';

/**
 * A real worker process (`dist/apps/worker/src/main.js`, built by the test setup and by the
 * bench and reliability scripts), as a deployment runs it, against a harness's database,
 * Notify and video stand-ins and a Redis queue: something a test can kill without warning.
 * Its database sessions carry its name (`application_name`), so a test can see what it holds.
 */
export interface WorkerProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves once it is taking jobs. */
  readonly taking: Promise<void>;
  /** What it printed (JSON logs at `warn` and above, and its start line). */
  output(): string;
  /** SIGKILL, as a crash or an out-of-memory kill; resolves once it has gone. */
  kill(): Promise<void>;
  /** SIGTERM: finishes running jobs, then exits. */
  stop(): Promise<void>;
}

export interface WorkerProcessOptions {
  /** Letters, digits and dashes: its database sessions' `application_name`. */
  name: string;
  redisUrl: string;
  redisPrefix?: string;
  env?: Record<string, string>;
}

export function startWorkerProcess(api: ApiTestHarness, options: WorkerProcessOptions): WorkerProcess {
  if (!/^[A-Za-z0-9-]{1,60}$/.test(options.name)) throw new Error('a worker name is letters, digits and dashes');
  let output = '';
  // at info, so its start line ("Worker is taking jobs") shows
  const env = workerEnvironment(api, { ...options, env: { LOG_LEVEL: 'info', ...options.env } });
  const child = spawn(process.execPath, [resolve('dist/apps/worker/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  let taking: () => void = () => undefined;
  const takingJobs = new Promise<void>((done) => (taking = done));
  const listen = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('Worker is taking jobs')) taking();
  };
  child.stdout!.on('data', listen);
  child.stderr!.on('data', listen);
  return {
    name: options.name,
    pid: child.pid ?? -1,
    taking: Promise.race([takingJobs, exited.then(() => Promise.reject(new Error(`worker ${options.name} exited before taking jobs:\n${output}`)))]),
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The deployment's worker configuration: this process's environment (the trusts' Notify keys the harness set) and the harness's servers. */
export function workerEnvironment(api: ApiTestHarness, options: Omit<WorkerProcessOptions, 'name'> & { name?: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: api.database.appUrl,
    REDIS_URL: options.redisUrl,
    NOTIFY_API_URL: api.notify.server.baseUrl,
    WHEREBY_API_URL: api.whereby.apiUrl,
    PUBLIC_BASE_URL: api.config.PUBLIC_BASE_URL ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  if (!env.PUBLIC_BASE_URL) delete env.PUBLIC_BASE_URL;
  if (options.name) env.PGAPPNAME = options.name; // node-postgres names its sessions after it
  // the same queue namespace and secret box as the harness's API
  if (options.redisPrefix) env.REDIS_QUEUE_PREFIX = options.redisPrefix;
  else delete env.REDIS_QUEUE_PREFIX;
  delete env.SECRETS_ENCRYPTION_KEY;
  return env;
}
