import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createServer } from 'node:net';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served to the ordinary `pg` driver over a
 * local socket, so `npm start` needs nothing installed but Node. It is one backend:
 * use a pool of one connection. For development and demos only, never production.
 */
export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

/** Another process holds the data folder: two embedded databases on one folder would corrupt it. */
export class DataFolderInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`${dataDir} is in use by another Virtual Visits process (pid ${pid}), probably npm start: stop it first, or set EMBEDDED_DATA_DIR to another folder`);
    this.name = 'DataFolderInUseError';
  }
}

/**
 * Takes the data folder for this process (a lock file beside it holding the process id),
 * or throws DataFolderInUseError naming the process that holds it. A lock left by a process
 * that has died is taken over. Released when the process exits.
 */
export function lockDataFolder(dataDir: string): void {
  const lockFile = `${resolve(dataDir)}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      process.once('exit', () => {
        if (Number(readFileSync(lockFile, 'utf8')) === process.pid) rmSync(lockFile, { force: true });
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (holder === process.pid) return;
      if (holder && alive(holder)) throw new DataFolderInUseError(dataDir, holder);
      rmSync(lockFile, { force: true }); // left by a process that died
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The embedded database is for development only; set DATABASE_URL in production');
  }
  lockDataFolder(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(dataDir);
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 1 });
  await server.start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
