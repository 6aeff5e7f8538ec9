import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { StatsGrouping } from '@vv/contracts';
import { ID, StatsGroupingEnum } from '@vv/platform/graphql';

@ObjectType('VisitStatsGroup', { description: 'What a row counts: a ward, hospital, trust or trust group. Names of places only, never of people' })
export class VisitStatsGroupObject {
  @Field(() => StatsGroupingEnum) kind!: StatsGrouping;
  @Field(() => ID) id!: string;
  @Field({ description: 'Site/ward code (e.g. RNQ01/ED), site code, ODS code or group code' }) code!: string;
  @Field() name!: string;
}

@ObjectType('VisitStats', {
  description:
    'Visits scheduled to start in one bucket, for one ward, hospital, trust or group, whatever became of them. Aggregates only: nothing here can name a patient or contact. Only buckets and groups with visits appear',
})
export class VisitStatsObject {
  @Field({ description: 'Start of the day, ISO week (Monday) or month in Europe/London, as an instant' }) bucketStart!: Date;
  @Field(() => VisitStatsGroupObject) group!: VisitStatsGroupObject;
  @Field(() => Int, { description: 'Visits booked for this bucket, in any status' }) booked!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) cancelled!: number;
  @Field(() => Int) missed!: number;
  @Field(() => Float, { nullable: true, description: 'completed / (completed + cancelled + missed), to 4 places; null when none of those' }) completionRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Of completed visits, to 0.1 s; null when none' }) averageDurationSeconds!: number | null;
  @Field(() => Float, { nullable: true, description: 'Of completed visits, over their durations in whole minutes (interpolated), in seconds to 0.1 s; null when none' }) medianDurationSeconds!: number | null;
  @Field(() => Float, { nullable: true, description: '90th percentile of completed visits, over their durations in whole minutes (interpolated), in seconds to 0.1 s; null when none' }) p90DurationSeconds!: number | null;
  @Field(() => Int, { description: "Messages to these visits' key contacts that Notify reports delivered" }) messagesDelivered!: number;
  @Field(() => Int, { description: 'Messages that failed for good: permanent, temporary (Notify gave up) or technical failure' }) messagesFailed!: number;
}
