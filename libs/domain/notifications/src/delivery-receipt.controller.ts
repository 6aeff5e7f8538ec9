import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { isUuid } from '@vv/contracts';
import { Access } from '@vv/platform/access';
import { TenantDatabase } from '@vv/platform/database';
import { LOGGER, type Logger } from '@vv/platform/logger';
import { Trust, TrustDirectory, trustSecret } from '@vv/domain/trusts';
import { VisitEvent } from '@vv/domain/visits';
import { Notification, type NotificationStatus } from './notification.entity';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { lockMessageRow } from './notification-sender.service';

const RECEIPT_STATUSES: Record<string, NotificationStatus> = {
  delivered: 'delivered',
  'permanent-failure': 'permanent-failure',
  'temporary-failure': 'temporary-failure',
  'technical-failure': 'technical-failure',
};

/** What staff are told when Notify reports a failure. */
const FAILURE_REASONS: Record<string, string> = {
  'permanent-failure': 'the number or address does not exist or cannot receive messages',
  'temporary-failure': "the phone was off or the inbox full; Notify gave up after trying for a while",
  'technical-failure': 'a technical problem at the network or email provider',
};

interface ReceiptResponse {
  status(code: number): ReceiptResponse;
  json(body: unknown): void;
  end(): void;
}

/**
 * GOV.UK Notify's delivery receipts, one URL per trust (`/notify/receipts/<ODS>`), checked
 * against the bearer token the trust gave Notify. Answers fast; the same receipt twice
 * changes nothing; a status never moves backwards (delivered is not undone by a late
 * "sending").
 */
@Controller('notify/receipts')
@Access.public('GOV.UK Notify calls it; it proves itself with the trust\'s callback bearer token')
export class DeliveryReceiptController {
  constructor(
    @Inject(TenantDatabase) private readonly db: TenantDatabase,
    @Inject(TrustDirectory) private readonly trusts: TrustDirectory,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(':ods')
  @HttpCode(204)
  async receive(@Param('ods') ods: string, @Req() req: { headers: Record<string, string | undefined> }, @Body() body: unknown, @Res() res: ReceiptResponse): Promise<void> {
    await this.trusts.ready();
    const entry = this.trusts.byOdsCode(ods);
    const expected = entry
      ? await this.db.inTrust({ trustId: entry.id, odsCode: entry.odsCode }, async (em) => {
          const trust = await em.findOneOrFail(Trust, { id: entry.id });
          return trustSecret(em, this.settings, trust, 'notifyCallbackToken');
        })
      : undefined;
    const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!entry || !expected || !presented || !sameSecret(presented, expected)) {
      res.status(401).json({ error: 'not authorised' });
      return;
    }
    const receipt = body as { reference?: unknown; id?: unknown; status?: unknown };
    const status = typeof receipt?.status === 'string' ? RECEIPT_STATUSES[receipt.status] : undefined;
    if (typeof receipt?.reference !== 'string' || !isUuid(receipt.reference) || typeof receipt.id !== 'string' || !status) {
      // not ours, or a status we do not track ("sending"): nothing to do, and nothing for Notify to retry
      res.status(204).end();
      return;
    }
    await this.db.inTrust({ trustId: entry.id, odsCode: entry.odsCode }, async (em) => {
      // locked, as the sender locks it to record Notify's answer: whichever comes second sees what the first wrote
      await lockMessageRow(em, entry.id, receipt.reference as string);
      const row = await em.findOne(Notification, { id: receipt.reference as string });
      if (!row) {
        this.logger.warn({ trust: entry.odsCode }, 'delivery receipt for an unknown message');
        return;
      }
      if (isFinal(row.status) || row.status === status) return; // repeated or late: keep what we have
      const recordedAt = new Date();
      if (row.sentAt == null) {
        // Notify's receipt overtook the sender's own record of the acceptance: a receipt proves
        // Notify accepted the message, so record that first; the sender then finds it done
        row.sentAt = this.settings.now();
        em.create(VisitEvent, { trust: entry.id, visit: row.visit, type: 'message_sent', occurredAt: recordedAt, detail: { kind: row.kind, channel: row.channel } });
      }
      row.status = status;
      row.providerId ??= receipt.id as string;
      row.leaseUntil = null;
      row.sealedLinkToken = null;
      if (status !== 'delivered') {
        row.lastError = FAILURE_REASONS[status];
        // a millisecond after the acceptance above, so the visit's history reads in the order it happened
        em.create(VisitEvent, { trust: entry.id, visit: row.visit, type: 'message_failed', occurredAt: new Date(recordedAt.getTime() + 1), detail: { kind: row.kind, channel: row.channel, status } });
      }
    });
    res.status(204).end();
  }
}

function isFinal(status: NotificationStatus): boolean {
  return status === 'delivered' || status === 'permanent-failure' || status === 'technical-failure' || status === 'superseded';
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
