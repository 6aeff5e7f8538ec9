import { Field, InputType, ObjectType } from '@nestjs/graphql';
import type { TrustStatus } from '@vv/contracts';
import { ID, LongText, TrustStatusEnum } from '@vv/platform/graphql';

/** Largest configuration document onboarding takes (the demo trusts' are under 5 KB). */
export const MAX_DOCUMENT_CHARACTERS = 100_000;

@InputType()
export class OnboardTrustInput {
  @LongText(MAX_DOCUMENT_CHARACTERS)
  @Field({ description: 'The trust\'s configuration, in the tenants/<ODS>/trust.yaml format (YAML or JSON), at most 100,000 characters' }) document!: string;
  @Field({ nullable: true, description: 'Invite this address as the trust\'s first admin (in the same transaction)' }) firstAdminEmail?: string;
}

@ObjectType('OnboardedTrust')
export class OnboardedTrustObject {
  @Field(() => ID) id!: string;
  @Field() odsCode!: string;
  @Field() name!: string;
  @Field(() => TrustStatusEnum) status!: TrustStatus;
  @Field(() => Number, { description: 'Settings written' }) changes!: number;
  @Field(() => ID, { nullable: true, description: "The first admin's invitation" }) firstAdminInvitationId?: string | null;
}
