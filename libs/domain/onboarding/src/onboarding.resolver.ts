import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { TrustStatusChange } from '@vv/contracts';
import { TrustStatusChangeEnum } from '@vv/platform/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { OnboardedTrustObject, OnboardTrustInput } from './dto/onboarding.object';
import { OnboardingService } from './onboarding.service';

@Resolver()
export class OnboardingResolver {
  constructor(@Inject(OnboardingService) private readonly onboarding: OnboardingService) {}

  @Mutation(() => OnboardedTrustObject, { description: 'Bring a trust onto the platform from its configuration document (platform admins)' })
  @Access.can('onboard', 'Trust')
  onboardTrust(@CurrentCaller() caller: Caller, @Args('input') input: OnboardTrustInput): Promise<OnboardedTrustObject> {
    return this.onboarding.onboard(caller, input.document, input.firstAdminEmail);
  }

  @Mutation(() => OnboardedTrustObject, { description: 'Suspend (no sign-in, no messages, data kept), reactivate, or archive a trust (platform admins)' })
  @Access.canAny([{ action: 'onboard', subject: 'Trust' }, { action: 'suspend', subject: 'Trust' }, { action: 'archive', subject: 'Trust' }])
  setTrustStatus(@CurrentCaller() caller: Caller, @Args('odsCode') odsCode: string, @Args('status', { type: () => TrustStatusChangeEnum }) status: TrustStatusChange): Promise<OnboardedTrustObject> {
    return this.onboarding.setStatus(caller, odsCode, status);
  }

  @Query(() => String, { description: "A trust's configuration as it runs, in the tenants/<ODS>/trust.yaml format" })
  @Access.canAny([{ action: 'onboard', subject: 'Trust' }, { action: 'read', subject: 'TrustSettings' }], { otherwise: 'not-found' })
  trustConfiguration(@CurrentCaller() caller: Caller, @Args('odsCode') odsCode: string): Promise<string> {
    return this.onboarding.export(caller, odsCode);
  }
}
