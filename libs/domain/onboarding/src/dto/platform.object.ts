import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

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
  @Field({ description: 'onboarding, active, suspended or archived' }) status!: string;
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
