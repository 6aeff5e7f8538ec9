import pg from 'pg';
import type { TriggerDef } from '@mikro-orm/core';

/**
 * The channel on which the database announces changes to who may do what: a staff
 * member's id when their roles change, `*` when something that may concern anyone
 * changes (an invitation, a trust's status).
 */
export const ACCESS_CHANGES_CHANNEL = 'vv_access_changed';

/** Everyone's access may have changed. */
export const EVERYONE = '*';

/**
 * Declared on a table, every change to a row announces the staff member it concerns (the
 * old and the new one, if an update moves it) on {@link ACCESS_CHANGES_CHANNEL}, as the
 * transaction commits. `column` is the staff member's column, or null to announce {@link EVERYONE}.
 */
export function accessChangeTriggers(column: string | null): TriggerDef[] {
  const announce = (row: 'new' | 'old') => (column ? `${row}.${column}::text` : `'${EVERYONE}'`);
  return [
    {
      name: 'access_changed',
      timing: 'after',
      events: ['insert', 'update', 'delete'],
      forEach: 'row',
      body: `if tg_op <> 'DELETE' then perform pg_notify('${ACCESS_CHANGES_CHANNEL}', ${announce('new')}); end if; if tg_op <> 'INSERT' then perform pg_notify('${ACCESS_CHANGES_CHANNEL}', ${announce('old')}); end if; return null;`,
    },
  ];
}

export type ChangeFeedEvent =
  /** A change was announced: a staff member's id, or {@link EVERYONE}. */
  | { kind: 'changed'; subject: string }
  /** The feed stopped or started again: anything remembered may be out of date. */
  | { kind: 'down' }
  | { kind: 'up' };

export interface ChangeFeedOptions {
  /** The database to listen on: the application's own connection string. */
  clientUrl: string;
  /** False where the database cannot spare a connection (the embedded one): the feed never goes live. */
  enabled?: boolean;
  /** How long to wait before connecting again after losing the connection (grows up to 10 s). */
  retryMs?: number;
}

/**
 * One connection per process that LISTENs for access changes announced by the database
 * triggers, so what a process remembers about callers can be forgotten the moment a role
 * changes anywhere. While it is not connected it says so (`live` is false, and subscribers
 * hear `down`), so those who remember things stop trusting them; it reconnects by itself.
 */
export class DatabaseChangeFeed {
  private client?: pg.Client;
  private listeners = new Set<(event: ChangeFeedEvent) => void>();
  private connected = false;
  private stopped = false;
  private started?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** True while changes are being heard: only then may anything derived from access be remembered. */
  get live(): boolean {
    return this.connected;
  }

  /** Starts listening (once); resolves when the first attempt has connected or failed. */
  start(): Promise<void> {
    this.started ??= this.options.enabled === false ? Promise.resolve() : this.connect();
    return this.started;
  }

  subscribe(listener: (event: ChangeFeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The backend process id of the listening connection (tests end it to check the fail-safe). */
  async backendPid(): Promise<number | undefined> {
    if (!this.client || !this.connected) return undefined;
    return (this.client as unknown as { processID?: number }).processID;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.markDown();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.clientUrl, application_name: 'vv-access-changes' });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === ACCESS_CHANGES_CHANNEL && message.payload) this.emit({ kind: 'changed', subject: message.payload });
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${ACCESS_CHANGES_CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.stopped || this.client !== client) {
      await client.end().catch(() => undefined);
      return;
    }
    this.failures = 0;
    this.connected = true;
    this.emit({ kind: 'up' });
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.markDown();
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.failures += 1;
    const delay = Math.min(10_000, (this.options.retryMs ?? 250) * 2 ** Math.min(this.failures - 1, 6));
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  private markDown(): void {
    const was = this.connected;
    this.connected = false;
    if (was) this.emit({ kind: 'down' });
  }

  private emit(event: ChangeFeedEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
