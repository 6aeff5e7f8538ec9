import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { TrustStatus } from '@vv/contracts';
import { ID, TrustStatusEnum } from '@vv/platform/graphql';

@ObjectType('PlatformStatisticsTrust', { description: 'A trust on the platform: its status and the wards it has today' })
export class PlatformStatisticsTrustObject {
  @Field(() => ID) id!: string;
  @Field() odsCode!: string;
  @Field() name!: string;
  @Field(() => TrustStatusEnum) status!: TrustStatus;
  @Field(() => Int, { description: 'Wards that take bookings today' }) wards!: number;
}

@ObjectType('PlatformStatisticsMonth', { description: "One trust's month (Europe/London): counts only, no personal data" })
export class PlatformStatisticsMonthObject {
  @Field({ description: 'yyyy-mm' }) month!: string;
  @Field(() => PlatformStatisticsTrustObject) trust!: PlatformStatisticsTrustObject;
  @Field(() => Int, { description: 'Wards with at least one visit booked for this month' }) wardsWithVisits!: number;
  @Field(() => Int, { description: 'Visits booked for this month, in any status' }) booked!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) cancelled!: number;
  @Field(() => Int) missed!: number;
  @Field(() => Int, { description: 'Messages to families that Notify reports delivered' }) messagesDelivered!: number;
  @Field(() => Int, { description: 'Messages that failed for good' }) messagesFailed!: number;
}

@ObjectType('PlatformStatistics', { description: 'The platform at a glance for the central team: trusts, wards, visits and messages per trust per month, without personal data' })
export class PlatformStatisticsObject {
  @Field() fromMonth!: string;
  @Field() toMonth!: string;
  @Field(() => [PlatformStatisticsTrustObject], { description: 'Every trust, by name' }) trusts!: PlatformStatisticsTrustObject[];
  @Field(() => [PlatformStatisticsMonthObject], { description: 'Months with visits or messages, oldest first, trusts by name' }) months!: PlatformStatisticsMonthObject[];
}
