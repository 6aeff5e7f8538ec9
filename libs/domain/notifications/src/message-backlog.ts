import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantDatabase } from '@vv/platform/database';
import { signInAllowed, TrustDirectory } from '@vv/domain/trusts';
import type { NotificationStatus } from './notification.entity';
import { WAITING_MESSAGE_STATUSES } from './notification-transitions';

/** The waiting statuses as SQL literals, from the closed set (never from input). */
const WAITING_LIST = WAITING_MESSAGE_STATUSES.map((status) => `'${status}'`).join(', ');

/** Messages of one trust that are due and not yet handed to GOV.UK Notify. */
export interface WaitingMessageCount {
  trust: string;
  waiting: number;
  oldestWaitingSeconds: number;
}

/** How many of a trust's messages due in the last day are in each status. */
export interface RecentMessageCount {
  trust: string;
  status: NotificationStatus;
  count: number;
}

/**
 * What operators watch about messaging, by trust (ODS code) and never by person: messages
 * due but not yet sent and how long the oldest has waited, and the last day's messages by
 * status. Reads every active trust through the read-only cross-trust path, on the
 * (trust, status, send after) index.
 */
@Injectable()
export class MessageBacklog {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly trusts: TrustDirectory,
  ) {}

  /** Due messages not yet sent, per trust that sends (a suspended trust's messages wait on purpose). */
  async waiting(now: Date): Promise<WaitingMessageCount[]> {
    const rows = await this.read<{ trust_id: string; waiting: number; oldest: Date }>(
      `select trust_id, count(*)::int as waiting, min(send_after) as oldest from notification
        where status in (${WAITING_LIST}) and send_after <= ? group by trust_id`,
      [now],
    );
    return rows.map((row) => ({ trust: this.odsCode(row.trust_id), waiting: row.waiting, oldestWaitingSeconds: Math.max(0, (now.getTime() - new Date(row.oldest).getTime()) / 1000) }));
  }

  /** Messages due in the 24 hours before `now`, by trust and status. */
  async recentByStatus(now: Date): Promise<RecentMessageCount[]> {
    const rows = await this.read<{ trust_id: string; status: NotificationStatus; count: number }>(
      `select trust_id, status, count(*)::int as count from notification
        where send_after > ? and send_after <= ? group by trust_id, status`,
      [new Date(now.getTime() - 24 * 3600_000), now],
    );
    return rows.map((row) => ({ trust: this.odsCode(row.trust_id), status: row.status, count: row.count }));
  }

  private async read<T>(sql: string, params: unknown[]): Promise<T[]> {
    await this.trusts.ready();
    const sending = this.trusts.all().filter((trust) => signInAllowed(trust.status));
    if (!sending.length) return [];
    return this.db.acrossTrusts(
      sending.map((trust) => trust.id),
      (em: EntityManager) => em.execute<T[]>(sql, params),
    );
  }

  private odsCode(trustId: string): string {
    return this.trusts.byId(trustId)?.odsCode ?? 'unknown';
  }
}
