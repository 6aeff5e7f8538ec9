import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { isUuid, RECEIPT_STATUSES, type ReceiptStatus } from '@vv/contracts';
import { Access } from '@vv/platform/access';
import { DeliveryReceiptService, type DeliveryReceipt } from './delivery-receipt.service';

interface ReceiptResponse {
  status(code: number): ReceiptResponse;
  json(body: unknown): void;
  end(): void;
}

/**
 * GOV.UK Notify's delivery receipts, one URL per trust (`/notify/receipts/<ODS>`), checked
 * against the bearer token the trust gave Notify. Answers fast; what a receipt changes is the
 * service's to say.
 */
@Controller('notify/receipts')
@Access.public('GOV.UK Notify calls it; it proves itself with the trust\'s callback bearer token')
export class DeliveryReceiptController {
  constructor(@Inject(DeliveryReceiptService) private readonly receipts: DeliveryReceiptService) {}

  @Post(':ods')
  @HttpCode(204)
  async receive(@Param('ods') ods: string, @Req() req: { headers: Record<string, string | undefined> }, @Body() body: unknown, @Res() res: ReceiptResponse): Promise<void> {
    const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const trust = await this.receipts.authenticate(ods, presented);
    if (!trust) {
      res.status(401).json({ error: 'not authorised' });
      return;
    }
    const receipt = parseReceipt(body);
    // not ours, or a status we do not track ("sending"): nothing to do, and nothing for Notify to retry
    if (receipt) await this.receipts.record(trust, receipt);
    res.status(204).end();
  }
}

/** A receipt about one of our messages, in a status we keep; null for anything else. */
function parseReceipt(body: unknown): DeliveryReceipt | null {
  const receipt = body as { reference?: unknown; id?: unknown; status?: unknown } | null;
  const status = receipt?.status;
  if (typeof receipt?.reference !== 'string' || !isUuid(receipt.reference) || typeof receipt.id !== 'string') return null;
  if (typeof status !== 'string' || !(RECEIPT_STATUSES as readonly string[]).includes(status)) return null;
  return { reference: receipt.reference, providerId: receipt.id, status: status as ReceiptStatus };
}
