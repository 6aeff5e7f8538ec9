import { Field, InputType, ObjectType } from '@nestjs/graphql';
import type { MessageChannel, MessageKind, TestMessageOutcome } from '@vv/contracts';
import { MessageChannelEnum, MessageKindEnum, ObjectFields, TestMessageOutcomeEnum } from '@vv/platform/graphql';
import { messagingShown, messagingUpdate, SettingUpdateFields } from '@vv/domain/trusts';

@ObjectType('MessageTemplates')
export class MessageTemplatesObject {
  @Field(() => MessageKindEnum) kind!: MessageKind;
  @Field(() => String, { nullable: true, description: 'Notify SMS template id' }) sms?: string | null;
  @Field(() => String, { nullable: true, description: 'Notify email template id' }) email?: string | null;
}

@ObjectType('MessagingSettings', { description: "A trust's GOV.UK Notify service. Secrets are write-only: only whether they are set is shown" })
export class MessagingSettingsObject extends ObjectFields(messagingShown) {
  @Field(() => [MessageTemplatesObject]) templates!: MessageTemplatesObject[];
  @Field() notifyApiKeySet!: boolean;
  @Field(() => String, { nullable: true, description: "The Notify service the key belongs to (not secret)" }) notifyServiceId?: string | null;
  @Field() callbackTokenSet!: boolean;
  @Field({ description: "Paste into the Notify service's delivery receipts callback URL" }) callbackUrl!: string;
}

@InputType()
export class MessageTemplatesInput {
  @Field(() => MessageKindEnum) kind!: MessageKind;
  @Field({ nullable: true, description: 'Notify SMS template id (a UUID); left out (or null) keeps the one set. A template can be replaced, not removed' }) sms?: string;
  @Field({ nullable: true, description: 'Notify email template id (a UUID); left out (or null) keeps the one set. A template can be replaced, not removed' }) email?: string;
}

@InputType()
export class MessagingSettingsInput extends SettingUpdateFields(messagingUpdate) {
  @Field(() => [MessageTemplatesInput], { nullable: true, description: 'Sets the template ids given, each message at most once' }) templates?: MessageTemplatesInput[];
  @Field({ nullable: true, description: 'Write-only: the Notify API key (live or team key) as Notify shows it: {key name}-{service id}-{secret key}; kept encrypted, never returned' }) notifyApiKey?: string;
  @Field({ nullable: true, description: 'Write-only: the bearer token Notify sends with delivery receipts (32 to 200 printable characters, no spaces)' }) callbackToken?: string;
}

@InputType()
export class SendTestMessageInput {
  @Field(() => MessageKindEnum, { description: 'The message whose template is sent' }) kind!: MessageKind;
  @Field(() => MessageChannelEnum) channel!: MessageChannel;
  @Field({ description: 'A UK mobile (SMS) or an email address (EMAIL) to send the test to; never kept or logged' }) to!: string;
}

@ObjectType('TestMessageResult', { description: "GOV.UK Notify's answer to a test message, said plainly" })
export class TestMessageResultObject {
  @Field({ description: 'Whether Notify took the message for sending' }) accepted!: boolean;
  @Field(() => TestMessageOutcomeEnum) outcome!: TestMessageOutcome;
  @Field(() => String, { nullable: true, description: "Notify's id for the message, when it accepted it" }) notifyId?: string | null;
  @Field(() => String, { nullable: true, description: "Notify's error, with any address or number taken out" }) reason?: string | null;
  @Field({ description: 'Where it went, masked as staff see recipients' }) recipient!: string;
}
