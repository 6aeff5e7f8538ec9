import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { OnboardTrustInput } from './dto/onboarding.object';
import { OnboardingPreviewObject, PlatformTrustObject } from './dto/platform.object';
import { OnboardingService } from './onboarding.service';
import { PlatformService } from './platform.service';

/** The central team's operations beside onboarding itself: every trust at a glance, and a dry run of onboarding. */
@Resolver()
export class PlatformResolver {
  constructor(
    @Inject(PlatformService) private readonly platform: PlatformService,
    @Inject(OnboardingService) private readonly onboarding: OnboardingService,
  ) {}

  @Query(() => [PlatformTrustObject], { description: 'Every trust on the platform with its status, group, wards, staff and last activity (platform admins)' })
  @Access.signedIn()
  platformTrusts(@CurrentCaller() caller: Caller): Promise<PlatformTrustObject[]> {
    return this.platform.trusts(caller);
  }

  @Query(() => OnboardingPreviewObject, { description: 'What onboardTrust would do with this document, checked the same way and written nowhere (platform admins)' })
  @Access.signedIn()
  onboardingPreview(@CurrentCaller() caller: Caller, @Args('input') input: OnboardTrustInput): Promise<OnboardingPreviewObject> {
    return this.onboarding.preview(caller, input.document, input.firstAdminEmail);
  }
}
