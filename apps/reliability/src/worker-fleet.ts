import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';

/**
 * Real processes, as a deployment runs them (workers, `dist/apps/worker/src/main.js`, or API
 * replicas, `dist/apps/api/src/main.js`), that the run kills without warning and replaces. One
 * that dies on its own is replaced too (an orchestrator would restart it) and counted: the
 * report shows it.
 */
export interface WorkerFleet {
  readonly killed: number;
  /** Workers that exited without being killed by the run, with how they exited. */
  readonly crashes: readonly string[];
  readonly started: number;
  /** The names of the workers running now (started, not exited, not killed by the run). */
  runningNames(): string[];
  /** SIGKILLs the worker of that name (its sessions' application_name) and replaces it; false if it is not running. */
  killByName(name: string): boolean;
  /** SIGTERM (the worker finishes running jobs), SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
}

export function startWorkerFleet(options: { size: number; script: string; env: NodeJS.ProcessEnv; logFile: string; namePrefix?: string }): WorkerFleet {
  const running = new Set<ChildProcess>();
  const crashes: string[] = [];
  const killedByRun = new WeakSet<ChildProcess>();
  const log = openSync(options.logFile, 'a');
  let killed = 0;
  let started = 0;
  let stopping = false;

  const names = new Map<string, ChildProcess>();
  const startOne = () => {
    started += 1;
    // its database sessions carry its name (node-postgres reads PGAPPNAME), so the run can see which worker holds a message
    const name = `${options.namePrefix ?? 'vv-worker'}-${started}`;
    const worker = spawn(process.execPath, [options.script], { env: { ...options.env, PGAPPNAME: name }, stdio: ['ignore', log, log] });
    names.set(name, worker);
    running.add(worker);
    worker.once('exit', (code, signal) => {
      running.delete(worker);
      if (stopping || killedByRun.has(worker)) return;
      crashes.push(signal ? `signal ${signal}` : `exit code ${code}`);
      startOne();
    });
  };
  for (let i = 0; i < options.size; i += 1) startOne();

  return {
    get killed() {
      return killed;
    },
    get started() {
      return started;
    },
    crashes,
    runningNames() {
      return [...names.entries()].filter(([, worker]) => running.has(worker) && !killedByRun.has(worker)).map(([name]) => name);
    },
    killByName(name) {
      const victim = names.get(name);
      if (!victim || !running.has(victim) || killedByRun.has(victim)) return false;
      killedByRun.add(victim);
      victim.kill('SIGKILL');
      killed += 1;
      startOne();
      return true;
    },
    async stop(graceMs = 15_000) {
      if (stopping) return;
      stopping = true;
      await Promise.all(
        [...running].map(async (worker) => {
          if (worker.exitCode !== null || worker.signalCode !== null) return;
          const exited = once(worker, 'exit');
          worker.kill('SIGTERM');
          const timer = setTimeout(() => worker.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }),
      );
      closeSync(log);
    },
  };
}
