import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';

@InputType()
export class OnboardTrustInput {
  @Field({ description: 'The trust\'s configuration, in the tenants/<ODS>/trust.yaml format (YAML or JSON)' }) document!: string;
  @Field({ nullable: true, description: 'Invite this address as the trust\'s first admin (in the same transaction)' }) firstAdminEmail?: string;
}

@ObjectType('OnboardedTrust')
export class OnboardedTrustObject {
  @Field(() => ID) id!: string;
  @Field() odsCode!: string;
  @Field() name!: string;
  @Field() status!: string;
  @Field(() => Number, { description: 'Settings written' }) changes!: number;
  @Field(() => ID, { nullable: true, description: "The first admin's invitation" }) firstAdminInvitationId?: string | null;
}
