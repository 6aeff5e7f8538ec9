import { Field, InputType, ObjectType } from '@nestjs/graphql';
import type { VideoProvider } from '@vv/contracts';
import { ObjectFields, VideoProviderEnum } from '@vv/platform/graphql';
import { SettingUpdateFields, videoShown, videoUpdate, type SecretSource } from '@vv/domain/trusts';

@ObjectType('VideoSettings', { description: "A trust's video provider. The secret is write-only: only whether it is set is shown" })
export class VideoSettingsObject extends ObjectFields(videoShown) {
  @Field() secretSet!: boolean;
}

@InputType()
export class VideoSettingsInput extends SettingUpdateFields(videoUpdate) {
  @Field({ nullable: true, description: 'Write-only: the Whereby API key or the Jitsi app secret (32 to 512 printable characters, no spaces); kept encrypted, never returned' }) secret?: string;
}

@ObjectType('VideoProviderTest', { description: "What testing the trust's video provider checked; a provider that refused or did not answer is an error with its code" })
export class VideoProviderTestObject {
  @Field(() => VideoProviderEnum) provider!: VideoProvider;
  @Field(() => [String], { description: 'Each thing checked, in words' }) checked!: string[];
}

/** Trusts' secrets, and what a provider is built with besides: Whereby's API and the platform's clock. */
export interface VideoSettingsSource extends SecretSource {
  readonly wherebyApiUrl?: string;
  now(): Date;
}

export const SECRET_SOURCE = Symbol('SECRET_SOURCE');
