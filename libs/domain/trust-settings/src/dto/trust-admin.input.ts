import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { FeatureFlag, Weekday } from '@vv/contracts';
import { FeatureFlagEnum, ID, NullClears, PartialUpdateInput, WeekdayEnum } from '@vv/platform/graphql';

@InputType()
export class VisitingHoursDayInput {
  @Field(() => WeekdayEnum) day!: Weekday;
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
@PartialUpdateInput()
export class UpdateWardInput {
  @Field({ nullable: true }) name?: string;
  @Field(() => [VisitingHoursDayInput], { nullable: true, description: 'Replaces the days given' }) visitingHours?: VisitingHoursDayInput[];
  @Field(() => Int, { nullable: true }) defaultVisitMinutes?: number;
  @Field(() => Int, { nullable: true }) maxConcurrentVisits?: number;
}

@InputType()
@PartialUpdateInput()
export class BrandingInput {
  @Field({ nullable: true }) displayName?: string;
  @NullClears()
  @Field(() => String, { nullable: true, description: 'https URL of the logo; null or empty removes it' }) logoUrl?: string | null;
  @Field({ nullable: true, description: '#RRGGBB with at least 4.5:1 contrast against white' }) primaryColour?: string;
  @Field({ nullable: true, description: 'The number families are told to call' }) contactPhone?: string;
  @NullClears()
  @Field(() => String, { nullable: true, description: "https URL of the trust's accessibility statement; null or empty removes it" }) accessibilityStatementUrl?: string | null;
  @NullClears()
  @Field(() => String, { nullable: true, description: "https URL of the trust's privacy notice; null or empty removes it" }) privacyNoticeUrl?: string | null;
}

@ObjectType('FeatureFlagValue')
export class FeatureFlagValueObject {
  @Field(() => FeatureFlagEnum) flag!: FeatureFlag;
  @Field() trustDefault!: boolean;
  @Field(() => Boolean, { nullable: true, description: "The ward's override, if any" }) wardOverride?: boolean | null;
  @Field({ description: 'What applies' }) effective!: boolean;
}
