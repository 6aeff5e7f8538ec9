import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@InputType()
export class VisitingHoursDayInput {
  @Field({ description: 'monday … sunday' }) day!: string;
  @Field(() => [String], { description: 'Ranges like 14:00-20:00; empty for closed' }) ranges!: string[];
}

@InputType()
export class CreateWardInput {
  @Field(() => ID) hospitalId!: string;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => [VisitingHoursDayInput]) visitingHours!: VisitingHoursDayInput[];
  @Field(() => Int) defaultVisitMinutes!: number;
  @Field(() => Int) maxConcurrentVisits!: number;
}

@InputType()
export class UpdateWardInput {
  @Field({ nullable: true }) name?: string;
  @Field(() => [VisitingHoursDayInput], { nullable: true, description: 'Replaces the days given' }) visitingHours?: VisitingHoursDayInput[];
  @Field(() => Int, { nullable: true }) defaultVisitMinutes?: number;
  @Field(() => Int, { nullable: true }) maxConcurrentVisits?: number;
}

@InputType()
export class BrandingInput {
  @Field({ nullable: true }) displayName?: string;
  @Field({ nullable: true, description: 'https URL of the logo' }) logoUrl?: string;
  @Field({ nullable: true, description: '#RRGGBB with at least 4.5:1 contrast against white' }) primaryColour?: string;
  @Field({ nullable: true, description: 'The number families are told to call' }) contactPhone?: string;
  @Field({ nullable: true, description: "https URL of the trust's accessibility statement; empty removes it" }) accessibilityStatementUrl?: string;
  @Field({ nullable: true, description: "https URL of the trust's privacy notice; empty removes it" }) privacyNoticeUrl?: string;
}

@ObjectType('FeatureFlagValue')
export class FeatureFlagValueObject {
  @Field() flag!: string;
  @Field() trustDefault!: boolean;
  @Field(() => Boolean, { nullable: true, description: "The ward's override, if any" }) wardOverride?: boolean | null;
  @Field({ description: 'What applies' }) effective!: boolean;
}
