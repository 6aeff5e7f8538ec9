import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { MessagingSettingsInput, MessagingSettingsObject, SendTestMessageInput, TestMessageResultObject } from './dto/messaging-settings.object';
import { MessagingSettingsService } from './messaging-settings.service';

@Resolver(() => MessagingSettingsObject)
export class MessagingSettingsResolver {
  constructor(@Inject(MessagingSettingsService) private readonly settingsService: MessagingSettingsService) {}

  @Query(() => MessagingSettingsObject, { description: "The active trust's GOV.UK Notify settings (trust admins)" })
  @Access.can('read', 'TrustSettings')
  messagingSettings(@CurrentCaller() caller: Caller): Promise<MessagingSettingsObject> {
    return this.settingsService.get(caller);
  }

  @Mutation(() => MessagingSettingsObject, { description: 'Change templates, sender, reminder time; set the Notify key and receipt token (write-only)' })
  @Access.can('update', 'TrustSettings')
  updateMessagingSettings(@CurrentCaller() caller: Caller, @Args('input') input: MessagingSettingsInput): Promise<MessagingSettingsObject> {
    return this.settingsService.update(caller, input);
  }

  @Mutation(() => TestMessageResultObject, { description: "Send one of the trust's templates to a number or address typed here, and see GOV.UK Notify's answer (trust admins). Audited, without the address" })
  @Access.can('update', 'TrustSettings')
  sendTestMessage(@CurrentCaller() caller: Caller, @Args('input') input: SendTestMessageInput): Promise<TestMessageResultObject> {
    return this.settingsService.sendTest(caller, input);
  }
}
