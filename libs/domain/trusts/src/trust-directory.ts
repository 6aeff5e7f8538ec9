import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { TrustStatus } from '@vv/contracts';
import { DatabaseChangeFeed, EVERYONE, TenantDatabase } from '@vv/platform/database';
import { Trust } from './trust.entity';

/** What every request needs to know about a trust, kept in memory. */
export interface TrustEntry {
  readonly id: string;
  readonly odsCode: string;
  readonly name: string;
  readonly status: TrustStatus;
  readonly groupId: string | null;
  readonly acceptedTenantIds: readonly string[];
  readonly inviteEmailDomains: readonly string[];
}

/**
 * The trust registry in memory, refreshed every `refreshMs`, so that checking a token's
 * tenant or an X-Trust header never touches the database. A change (onboarding, a new
 * accepted tenant, a suspension) is read again as soon as the database announces it
 * (the change feed), at the latest within one refresh, or at once after `refresh()`.
 */
@Injectable()
export class TrustDirectory implements OnApplicationShutdown {
  private entries: TrustEntry[] = [];
  private loaded?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private fingerprint = '';
  private changes = 0;
  private reads = 0;
  private applied = 0;

  private readonly refreshMs = 30_000;

  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(DatabaseChangeFeed) private readonly feed: DatabaseChangeFeed,
  ) {}

  async ready(): Promise<void> {
    this.loaded ??= this.listen().then(() => this.refresh()).then(() => {
      this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.refreshMs);
      this.timer.unref();
    });
    await this.loaded;
  }

  /** A change to any trust (announced by the database to every process) is read at once, not at the next refresh. */
  private async listen(): Promise<void> {
    this.feed.subscribe((event) => {
      if (event.kind === 'up' || (event.kind === 'changed' && event.subject === EVERYONE)) void this.refresh().catch(() => undefined);
    });
    await this.feed.start();
  }

  /** Goes up whenever a refresh finds the registry changed: what was derived from an older one is out of date. */
  get version(): number {
    return this.changes;
  }

  async refresh(): Promise<void> {
    const read = ++this.reads;
    const trusts = await this.db.platform((em) => em.find(Trust, {}, { orderBy: { odsCode: 'asc' } }));
    const entries: TrustEntry[] = trusts.map((t) => ({
      id: t.id,
      odsCode: t.odsCode,
      name: t.name,
      status: t.status,
      groupId: t.group?.id ?? null,
      acceptedTenantIds: t.identity.acceptedTenantIds.map((id) => id.toLowerCase()),
      inviteEmailDomains: t.identity.inviteEmailDomains.map((d) => d.toLowerCase()),
    }));
    if (read < this.applied) return; // a later read has already been applied
    this.applied = read;
    const fingerprint = JSON.stringify(entries);
    if (fingerprint !== this.fingerprint) {
      this.entries = entries;
      this.fingerprint = fingerprint;
      this.changes += 1;
    }
  }

  all(): readonly TrustEntry[] {
    return this.entries;
  }

  byId(id: string): TrustEntry | undefined {
    return this.entries.find((t) => t.id === id);
  }

  byOdsCode(odsCode: string): TrustEntry | undefined {
    return this.entries.find((t) => t.odsCode === odsCode.toUpperCase());
  }

  ofGroup(groupId: string): TrustEntry[] {
    return this.entries.filter((t) => t.groupId === groupId);
  }

  /** Trusts whose staff may sign in from this Entra tenant. */
  acceptingTenant(tenantId: string): TrustEntry[] {
    return this.entries.filter((t) => t.acceptedTenantIds.includes(tenantId) && signInAllowed(t.status));
  }

  /** Trusts whose staff may still read (archived ones too), from this Entra tenant. */
  readableForTenant(tenantId: string): TrustEntry[] {
    return this.entries.filter((t) => t.acceptedTenantIds.includes(tenantId) && readable(t.status));
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}

/** The trust is working: staff act in it and messages go out. */
export function signInAllowed(status: TrustStatus): boolean {
  return status === 'active' || status === 'onboarding';
}

/** Staff may read the trust's records: working, or archived (read-only for its retention period). Not suspended. */
export function readable(status: TrustStatus): boolean {
  return signInAllowed(status) || status === 'archived';
}
