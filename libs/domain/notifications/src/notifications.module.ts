import { Module, type DynamicModule } from '@nestjs/common';
import { TrustsModule } from '@vv/domain/trusts';
import { DeliveryReceiptController } from './delivery-receipt.controller';
import { DeliveryReceiptService } from './delivery-receipt.service';
import { NotificationOutbox } from './notification-outbox.service';
import { NotificationSender } from './notification-sender.service';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { MessagingSettingsService } from './messaging-settings.service';
import { MessagingSettingsResolver } from './messaging-settings.resolver';
import { MessageBacklog } from './message-backlog';

/** Messages to families: the outbox the visit changes write to, the sender, and Notify's receipts. */
@Module({})
export class NotificationsModule {
  static register(settings: NotificationSettings, options: { http: boolean }): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [TrustsModule],
      controllers: options.http ? [DeliveryReceiptController] : [],
      providers: [
        { provide: NOTIFICATION_SETTINGS, useValue: settings },
        NotificationOutbox,
        NotificationSender,
        MessagingSettingsService,
        MessageBacklog,
        ...(options.http ? [MessagingSettingsResolver, DeliveryReceiptService] : []),
      ],
      exports: [NotificationOutbox, NotificationSender, NOTIFICATION_SETTINGS, MessageBacklog],
    };
  }
}
