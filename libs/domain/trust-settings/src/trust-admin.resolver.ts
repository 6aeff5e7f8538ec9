import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { FeatureFlagEnum, ID } from '@vv/platform/graphql';
import type { FeatureFlag } from '@vv/contracts';
import { BrandingInput, CreateWardInput, FeatureFlagValueObject, UpdateWardInput } from './dto/trust-admin.input';
import { BrandingObject, HospitalObject, WardObject } from '@vv/domain/trusts';
import { TrustAdminService } from './trust-admin.service';
import { VideoProviderTestObject, VideoSettingsInput, VideoSettingsObject } from './video-settings';

@Resolver()
export class TrustAdminResolver {
  constructor(@Inject(TrustAdminService) private readonly admin: TrustAdminService) {}

  @Mutation(() => HospitalObject)
  @Access.can('manage', 'Hospital')
  createHospital(@CurrentCaller() caller: Caller, @Args('siteCode') siteCode: string, @Args('name') name: string): Promise<HospitalObject> {
    return this.admin.createHospital(caller, siteCode, name);
  }

  @Mutation(() => HospitalObject)
  @Access.can('manage', 'Hospital')
  renameHospital(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string, @Args('name') name: string): Promise<HospitalObject> {
    return this.admin.renameHospital(caller, id, name);
  }

  @Mutation(() => HospitalObject, { description: 'Only once all its wards are archived (the refusal names those still active); it takes no new wards' })
  @Access.can('manage', 'Hospital')
  archiveHospital(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<HospitalObject> {
    return this.admin.archiveHospital(caller, id);
  }

  @Mutation(() => WardObject)
  @Access.can('manage', 'Ward')
  createWard(@CurrentCaller() caller: Caller, @Args('input') input: CreateWardInput): Promise<WardObject> {
    return this.admin.createWard(caller, input);
  }

  @Mutation(() => WardObject, { description: 'Trust admins for any ward; ward managers for theirs' })
  @Access.can('update', 'Ward')
  updateWard(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateWardInput): Promise<WardObject> {
    return this.admin.updateWard(caller, id, input);
  }

  @Mutation(() => WardObject, { description: 'An archived ward takes no bookings; its history stays' })
  @Access.can('manage', 'Ward')
  archiveWard(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<WardObject> {
    return this.admin.archiveWard(caller, id);
  }

  @Mutation(() => BrandingObject)
  @Access.can('update', 'TrustSettings')
  updateBranding(@CurrentCaller() caller: Caller, @Args('input') input: BrandingInput): Promise<BrandingObject> {
    return this.admin.updateBranding(caller, input);
  }

  @Query(() => VideoSettingsObject, { description: "The active trust's video provider (trust admins)" })
  @Access.can('read', 'TrustSettings')
  videoSettings(@CurrentCaller() caller: Caller): Promise<VideoSettingsObject> {
    return this.admin.videoSettings(caller);
  }

  @Mutation(() => VideoSettingsObject, { description: 'Choose the video provider and its server; the secret is write-only' })
  @Access.can('update', 'TrustSettings')
  updateVideoSettings(@CurrentCaller() caller: Caller, @Args('input') input: VideoSettingsInput): Promise<VideoSettingsObject> {
    return this.admin.updateVideoSettings(caller, input);
  }

  @Mutation(() => VideoProviderTestObject, { description: "Make a room with the trust's video provider and delete it, to check its settings (trust admins). Audited" })
  @Access.can('update', 'TrustSettings')
  testVideoProvider(@CurrentCaller() caller: Caller): Promise<VideoProviderTestObject> {
    return this.admin.testVideoProvider(caller);
  }

  @Mutation(() => Int, { description: 'Days after a visit ends before its personal details are erased' })
  @Access.can('update', 'TrustSettings')
  setRetentionDays(@CurrentCaller() caller: Caller, @Args('days', { type: () => Int }) days: number): Promise<number> {
    return this.admin.setRetentionDays(caller, days);
  }

  @Query(() => [FeatureFlagValueObject], { description: "Each flag's trust default, the ward's override and what applies" })
  @Access.can('read', 'Ward')
  featureFlags(@CurrentCaller() caller: Caller, @Args('wardId', { type: () => ID, nullable: true }) wardId?: string): Promise<FeatureFlagValueObject[]> {
    return this.admin.featureFlags(caller, wardId);
  }

  @Mutation(() => [FeatureFlagValueObject])
  @Access.can('manage', 'FeatureFlag')
  setTrustFeatureFlag(@CurrentCaller() caller: Caller, @Args('flag', { type: () => FeatureFlagEnum }) flag: FeatureFlag, @Args('enabled') enabled: boolean): Promise<FeatureFlagValueObject[]> {
    return this.admin.setTrustFlag(caller, flag, enabled);
  }

  @Mutation(() => [FeatureFlagValueObject], { description: 'enabled: null removes the override' })
  @Access.can('update', 'FeatureFlag')
  setWardFeatureFlag(
    @CurrentCaller() caller: Caller,
    @Args('wardId', { type: () => ID }) wardId: string,
    @Args('flag', { type: () => FeatureFlagEnum }) flag: FeatureFlag,
    @Args('enabled', { type: () => Boolean, nullable: true }) enabled: boolean | null,
  ): Promise<FeatureFlagValueObject[]> {
    return this.admin.setWardFlag(caller, wardId, flag, enabled ?? null);
  }
}
