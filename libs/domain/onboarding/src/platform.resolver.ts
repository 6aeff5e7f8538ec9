import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ID } from '@vv/platform/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { OnboardTrustInput } from './dto/onboarding.object';
import { GrantPlatformRoleInput, OnboardingPreviewObject, PlatformGroupObject, PlatformRoleHolderObject, PlatformTrustObject } from './dto/platform.object';
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
  @Access.can('onboard', 'Trust')
  platformTrusts(@CurrentCaller() caller: Caller): Promise<PlatformTrustObject[]> {
    return this.platform.trusts(caller);
  }

  @Query(() => OnboardingPreviewObject, { description: 'What onboardTrust would do with this document, checked the same way and written nowhere (platform admins)' })
  @Access.can('onboard', 'Trust')
  onboardingPreview(@CurrentCaller() caller: Caller, @Args('input') input: OnboardTrustInput): Promise<OnboardingPreviewObject> {
    return this.onboarding.preview(caller, input.document, input.firstAdminEmail);
  }

  @Query(() => [PlatformGroupObject], { description: 'Every trust group and its trusts (platform admins)' })
  @Access.can('manage', 'TrustGroup')
  trustGroups(@CurrentCaller() caller: Caller): Promise<PlatformGroupObject[]> {
    return this.platform.groups(caller);
  }

  @Mutation(() => PlatformGroupObject, { description: 'A new trust group, empty until trusts are moved into it (platform admins). Audited' })
  @Access.can('manage', 'TrustGroup')
  createTrustGroup(@CurrentCaller() caller: Caller, @Args('code') code: string, @Args('name') name: string): Promise<PlatformGroupObject> {
    return this.platform.createGroup(caller, code, name);
  }

  @Mutation(() => PlatformTrustObject, { description: "Move a trust into a group, or out of any (groupCode null); the group's roles follow at once (platform admins). Audited" })
  @Access.can('manage', 'TrustGroup')
  moveTrustToGroup(@CurrentCaller() caller: Caller, @Args('odsCode') odsCode: string, @Args('groupCode', { type: () => String, nullable: true }) groupCode: string | null): Promise<PlatformTrustObject> {
    return this.platform.moveTrust(caller, odsCode, groupCode);
  }

  @Query(() => [PlatformRoleHolderObject], { description: 'Everyone holding or invited to a platform admin, group admin or group analyst role (platform admins)' })
  @Access.can('manage', 'PlatformRole')
  platformRoles(@CurrentCaller() caller: Caller): Promise<PlatformRoleHolderObject[]> {
    return this.platform.roleHolders(caller);
  }

  @Mutation(() => PlatformRoleHolderObject, { description: 'Grant platform admin, or group admin or group analyst of a group: at once to someone who has signed in before, otherwise at their first sign-in (platform admins). Audited' })
  @Access.can('manage', 'PlatformRole')
  grantPlatformRole(@CurrentCaller() caller: Caller, @Args('input') input: GrantPlatformRoleInput): Promise<PlatformRoleHolderObject> {
    return this.platform.grantRole(caller, input);
  }

  @Mutation(() => Boolean, { description: 'Take a platform or group role away (it stops on their next request), or withdraw the invitation; never the last platform admin (platform admins). Audited' })
  @Access.can('manage', 'PlatformRole')
  revokePlatformRole(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.platform.revokeRole(caller, id);
  }
}
