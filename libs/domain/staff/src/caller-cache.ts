import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { HeldRole } from '@vv/platform/access';
import { DatabaseChangeFeed, EVERYONE, type ChangeFeedEvent } from '@vv/platform/database';

/** What is remembered of a signed-in person between requests: who they are and the roles they hold. */
export interface RememberedCaller {
  readonly staffId: string;
  readonly roles: HeldRole[];
}

interface Entry extends RememberedCaller {
  /** The trust registry's version the roles were read against (group roles expand to its trusts). */
  readonly registryVersion: number;
  readonly until: number;
}

/** A remembered caller is read again after this long, so a returning person counts as signing in again. */
export const REMEMBER_CALLER_MS = 5 * 60_000;

/**
 * Remembers each signed-in person's staff record and roles, keyed by their Entra (tid, oid),
 * so a request does not read them again. It forgets a person the moment the database
 * announces a change to their roles (the `access_changed` triggers, heard through the
 * change feed), forgets everyone on a change that may concern anyone (an invitation, a
 * trust), and remembers nothing while the feed is not live: if the listening connection
 * drops, every request reads afresh until it is back. A change made in this process is
 * also forgotten here as it commits, before the database's announcement arrives.
 */
@Injectable()
export class CallerCache implements OnModuleInit {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every change heard: a caller read while a change arrived is not remembered. */
  private generation = 0;
  private readonly waiters = new Set<{ subject: string; resolve: () => void }>();

  constructor(@Inject(DatabaseChangeFeed) private readonly feed: DatabaseChangeFeed) {
    feed.subscribe((event) => this.heard(event));
  }

  async onModuleInit(): Promise<void> {
    await this.feed.start();
  }

  /** Whether callers are being remembered now (the change feed is live). */
  get active(): boolean {
    return this.feed.live;
  }

  /** Marks the start of a read: pass it to {@link remember} so a change heard meanwhile is not lost. */
  mark(): number {
    return this.generation;
  }

  recall(key: string, registryVersion: number, now: number): RememberedCaller | undefined {
    if (!this.feed.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.registryVersion !== registryVersion || entry.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  remember(key: string, caller: RememberedCaller, mark: number, registryVersion: number, now: number): void {
    if (!this.feed.live || mark !== this.generation) return;
    this.entries.set(key, { ...caller, registryVersion, until: now + REMEMBER_CALLER_MS });
  }

  /** Forgets one person ({@link EVERYONE}: everybody). */
  forget(subject: string): void {
    this.generation += 1;
    if (subject === EVERYONE) this.entries.clear();
    else for (const [key, entry] of this.entries) if (entry.staffId === subject) this.entries.delete(key);
  }

  /** Resolves when the database next announces a change concerning this subject (tests wait on it). */
  announced(subject: string): Promise<void> {
    return new Promise((resolve) => this.waiters.add({ subject, resolve }));
  }

  private heard(event: ChangeFeedEvent): void {
    if (event.kind !== 'changed') {
      // changes may have been missed while the feed was down: nothing remembered can be trusted
      this.forget(EVERYONE);
      return;
    }
    this.forget(event.subject);
    for (const waiter of this.waiters) {
      if (waiter.subject === event.subject || event.subject === EVERYONE) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
