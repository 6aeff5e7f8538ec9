import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { PlatformRole, PlatformRoleHolderStatus, TrustStatus } from '@vv/contracts';
import { ID, PlatformRoleEnum, PlatformRoleHolderStatusEnum, TrustStatusEnum } from '@vv/platform/graphql';

@ObjectType('PlatformTrustGroup', { description: 'A trust group as the central team sees it' })
export class PlatformTrustGroupObject {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field() name!: string;
}

@ObjectType('PlatformTrust', { description: 'A trust on the platform, as the central team sees it: settings and counts, never personal data' })
export class PlatformTrustObject {
  @Field(() => ID) id!: string;
  @Field() odsCode!: string;
  @Field() name!: string;
  @Field(() => TrustStatusEnum) status!: TrustStatus;
  @Field(() => PlatformTrustGroupObject, { nullable: true }) group!: PlatformTrustGroupObject | null;
  @Field(() => Int, { description: 'Wards not archived' }) wards!: number;
  @Field(() => Int, { description: 'People holding a role in the trust' }) staff!: number;
  @Field(() => Date, { nullable: true, description: 'When anything was last done in the trust (its newest audit record)' }) lastActivityAt!: Date | null;
}

@ObjectType('OnboardingPreview', { description: 'What onboarding a trust from its document would do, written nowhere' })
export class OnboardingPreviewObject {
  @Field() odsCode!: string;
  @Field() name!: string;
  @Field(() => PlatformTrustGroupObject, { nullable: true, description: 'The group it joins (existing or new); joining never changes the group' }) group!: { code: string; name: string; id: string } | null;
  @Field(() => [String], { description: 'Each change, one line, as a reviewer reads a diff (+ create, ~ update, - archive)' }) changes!: string[];
  @Field(() => String, { nullable: true, description: 'Who would be invited as the first admin' }) firstAdminEmail!: string | null;
}

@ObjectType('PlatformGroupTrust')
export class PlatformGroupTrustObject {
  @Field() odsCode!: string;
  @Field() name!: string;
}

@ObjectType('PlatformGroup', { description: 'A trust group and the trusts in it' })
export class PlatformGroupObject {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => [PlatformGroupTrustObject]) trusts!: PlatformGroupTrustObject[];
}

@InputType()
export class GrantPlatformRoleInput {
  @Field({ description: 'Their work address; their first sign-in with it from the tenant below takes the role, or at once if they have signed in before' }) email!: string;
  @Field({ description: 'The Entra tenant they sign in from (a GUID), e.g. NHSmail’s' }) entraTenantId!: string;
  @Field(() => PlatformRoleEnum) role!: PlatformRole;
  @Field(() => String, { nullable: true, description: 'The trust group, for GROUP_ADMIN and REPORTING_ANALYST; none for PLATFORM_ADMIN' }) groupCode?: string | null;
}

@ObjectType('PlatformRoleHolder', { description: 'Someone holding, or invited to, a platform or group role' })
export class PlatformRoleHolderObject {
  @Field(() => ID, { description: 'The role assignment, or the invitation while it waits' }) id!: string;
  @Field(() => PlatformRoleHolderStatusEnum) status!: PlatformRoleHolderStatus;
  @Field() email!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => PlatformRoleEnum) role!: PlatformRole;
  @Field(() => PlatformTrustGroupObject, { nullable: true }) group!: PlatformTrustGroupObject | null;
  @Field(() => Date) since!: Date;
}
