import { Field, InputType, ObjectType } from '@nestjs/graphql';
import type { FeatureFlag, Weekday } from '@vv/contracts';
import { FeatureFlagEnum, ID, InputFields, WeekdayEnum } from '@vv/platform/graphql';
import { brandingUpdate, newWardSetting, SettingUpdateFields, wardUpdate } from '@vv/domain/trusts';

@InputType()
export class VisitingHoursDayInput {
  @Field(() => WeekdayEnum) day!: Weekday;
  @Field(() => [String], { description: 'Ranges like 14:00-20:00; empty for closed' }) ranges!: string[];
}

@InputType()
export class CreateWardInput extends InputFields(newWardSetting) {
  @Field(() => ID) hospitalId!: string;
  @Field(() => [VisitingHoursDayInput]) visitingHours!: VisitingHoursDayInput[];
}

@InputType()
export class UpdateWardInput extends SettingUpdateFields(wardUpdate) {
  @Field(() => [VisitingHoursDayInput], { nullable: true, description: 'Replaces the days given' }) visitingHours?: VisitingHoursDayInput[];
}

@InputType()
export class BrandingInput extends SettingUpdateFields(brandingUpdate) {}

@ObjectType('FeatureFlagValue')
export class FeatureFlagValueObject {
  @Field(() => FeatureFlagEnum) flag!: FeatureFlag;
  @Field() trustDefault!: boolean;
  @Field(() => Boolean, { nullable: true, description: "The ward's override, if any" }) wardOverride?: boolean | null;
  @Field({ description: 'What applies' }) effective!: boolean;
}
