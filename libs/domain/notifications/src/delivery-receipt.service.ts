import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ReceiptStatus } from '@vv/contracts';
import { TenantDatabase } from '@vv/platform/database';
import { LOGGER, type Logger } from '@vv/platform/logger';
import type { ActiveTrust } from '@vv/platform/tenancy';
import { Trust, TrustDirectory, trustSecret } from '@vv/domain/trusts';
import { Notification } from './notification.entity';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { lockMessageRow, moveMessage } from './notification-sender.service';

/** One delivery receipt, as Notify sent it: our message's id (its `reference`), Notify's id for it, and what became of it. */
export interface DeliveryReceipt {
  readonly reference: string;
  readonly providerId: string;
  readonly status: ReceiptStatus;
}

/**
 * What GOV.UK Notify's delivery receipts change: which trust a receipt is for (by the bearer
 * token the trust gave Notify), and the message's status, by the transition table. The same
 * receipt twice changes nothing, and a final status never moves backwards (a late "delivered"
 * does not undo a failure, nor a late failure a delivery).
 */
@Injectable()
export class DeliveryReceiptService {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly trusts: TrustDirectory,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The trust a receipt's address names, if the bearer token presented is the callback token that trust gave Notify; null otherwise. */
  async authenticate(odsCode: string, presentedToken: string | undefined): Promise<ActiveTrust | null> {
    await this.trusts.ready();
    const entry = this.trusts.byOdsCode(odsCode);
    if (!entry) return null;
    const trust = { trustId: entry.id, odsCode: entry.odsCode };
    const expected = await this.db.inTrust(trust, async (em) => trustSecret(em, this.settings, await em.findOneOrFail(Trust, { id: entry.id }), 'notifyCallbackToken'));
    return expected && presentedToken && sameSecret(presentedToken, expected) ? trust : null;
  }

  /** Records what Notify says became of one of the trust's messages. A receipt for a message the trust does not have is logged (by trust only) and dropped. */
  async record(trust: ActiveTrust, receipt: DeliveryReceipt): Promise<void> {
    await this.db.inTrust(trust, async (em) => {
      // locked, as the sender locks it to record Notify's answer: whichever comes second sees what the first wrote
      await lockMessageRow(em, trust.trustId, receipt.reference);
      const row = await em.findOne(Notification, { id: receipt.reference });
      if (!row) {
        this.logger.warn({ trust: trust.odsCode }, 'delivery receipt for an unknown message');
        return;
      }
      moveMessage(em, row, receipt.status, { at: this.settings.now(), providerId: receipt.providerId });
    });
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
