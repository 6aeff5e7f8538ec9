import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { MessageChannel, MessageKind, NotificationStatus, VisitAction, VisitEventType, VisitListView as VisitListViewName, VisitStatus } from '@vv/contracts';
import { ID, MessageChannelEnum, MessageKindEnum, MessageStatusEnum, PageInfoObject, VisitActionEnum, VisitEventTypeEnum, VisitListViewEnum, VisitStatusEnum } from '@vv/platform/graphql';

export { PageInfoObject };

/** The visits list's views by their GraphQL names (`VisitListView.TODAY`). */
export const VisitListView = VisitListViewEnum;
export type VisitListView = VisitListViewName;

@ObjectType('VisitWard')
export class VisitWardObject {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field() name!: string;
  @Field() hospitalName!: string;
}

@ObjectType('VisitEvent')
export class VisitEventObject {
  @Field(() => VisitEventTypeEnum) type!: VisitEventType;
  @Field() occurredAt!: Date;
  @Field(() => ID, { nullable: true }) actorStaffId?: string | null;
}

@ObjectType('VisitMessage', { description: 'A message to the key contact about this visit, and what became of it' })
export class VisitMessageObject {
  @Field(() => ID, { description: 'What resendMessage takes' }) id!: string;
  @Field(() => MessageKindEnum) kind!: MessageKind;
  @Field(() => MessageChannelEnum) channel!: MessageChannel;
  @Field({ description: 'Masked, e.g. 07••• •••123' }) recipient!: string;
  @Field(() => MessageStatusEnum) status!: NotificationStatus;
  @Field(() => String, { nullable: true, description: 'Why it failed or was not sent' }) reason?: string | null;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

@ObjectType('Visit', { description: 'Personal fields are null for roles that may not read them, and after retention erased them' })
export class VisitObject {
  @Field(() => ID) id!: string;
  @Field(() => VisitWardObject) ward!: VisitWardObject;
  @Field(() => VisitStatusEnum) status!: VisitStatus;
  @Field() scheduledStart!: Date;
  @Field() scheduledEnd!: Date;
  @Field(() => Int) lengthMinutes!: number;
  @Field(() => Date, { nullable: true }) startedAt?: Date | null;
  @Field(() => Date, { nullable: true }) visitorJoinedAt?: Date | null;
  @Field(() => Date, { nullable: true }) endedAt?: Date | null;
  @Field(() => Int, { nullable: true }) durationSeconds?: number | null;
  @Field(() => Date, { nullable: true, description: 'Until when the visitor link works (after the visit is started)' }) linkValidUntil?: Date | null;
  @Field(() => ID, { nullable: true }) rebookedFromId?: string | null;
  @Field(() => String, { nullable: true }) cancelReason?: string | null;
  @Field(() => String, { nullable: true }) patientName?: string | null;
  @Field(() => String, { nullable: true }) contactName?: string | null;
  @Field(() => String, { nullable: true, description: 'E.164' }) contactMobile?: string | null;
  @Field(() => String, { nullable: true }) contactEmail?: string | null;
  @Field(() => [VisitEventObject], { nullable: true, description: 'History, oldest first (on visit(id) and visits)' }) history?: VisitEventObject[] | null;
  @Field(() => [VisitMessageObject], { nullable: true, description: 'Messages to the key contact and whether they arrived, oldest first (on visit(id) and visits)' }) messages?: VisitMessageObject[] | null;
  @Field(() => [VisitActionEnum], { nullable: true, description: "What you may do with this visit now: your roles, its state and the ward's flags (on visit(id))" }) allowedActions?: VisitAction[] | null;
}

@ObjectType('VisitEdge')
export class VisitEdgeObject {
  @Field() cursor!: string;
  @Field(() => VisitObject) node!: VisitObject;
}


@ObjectType('VisitConnection')
export class VisitConnectionObject {
  @Field(() => [VisitEdgeObject]) edges!: VisitEdgeObject[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
}

@ObjectType('StartedVisit')
export class StartedVisitObject {
  @Field(() => VisitObject) visit!: VisitObject;
  @Field({ description: 'The platform link for the key contact (sent in the "ready to join" message); works until linkValidUntil' }) visitorLink!: string;
  @Field({ description: 'Where the ward device joins the call (as host)' }) wardDeviceJoinUrl!: string;
}

@ObjectType('HostJoin', { description: "The ward device's way back into a visit's call" })
export class HostJoinObject {
  @Field(() => VisitObject) visit!: VisitObject;
  @Field({ description: 'Where the ward device joins the call (as host); mint a new one rather than keeping it' }) wardDeviceJoinUrl!: string;
  @Field({ description: 'Until when the address works (the end of the visit link window)' }) validUntil!: Date;
}

@InputType({ description: "The key contact's details as they should now be: the name, and a UK mobile and/or an email" })
export class KeyContactInput {
  @Field() contactName!: string;
  @Field(() => String, { nullable: true, description: 'UK mobile; normalised to +447…; null or empty removes it' }) contactMobile?: string | null;
  @Field(() => String, { nullable: true, description: 'null or empty removes it' }) contactEmail?: string | null;
}

@InputType()
export class BookVisitInput {
  @Field(() => ID) wardId!: string;
  @Field({ description: "The patient's name as staff enter it" }) patientName!: string;
  @Field() contactName!: string;
  @Field({ nullable: true, description: 'UK mobile; normalised to +447…' }) contactMobile?: string;
  @Field({ nullable: true }) contactEmail?: string;
  @Field({ nullable: true, description: 'Required unless startNow' }) startAt?: Date;
  @Field(() => Int, { nullable: true, description: "Defaults to the ward's default visit length" }) lengthMinutes?: number;
  @Field({ nullable: true, description: 'An unscheduled "visit now" (ED), where the ward allows it' }) startNow?: boolean;
  @Field({ nullable: true, description: 'The same key always gives the same visit' }) idempotencyKey?: string;
}

@InputType()
export class RebookVisitInput {
  @Field() startAt!: Date;
  @Field(() => Int, { nullable: true }) lengthMinutes?: number;
}

@InputType()
export class VisitsFilterInput {
  @Field(() => ID, { nullable: true }) wardId?: string;
  @Field(() => VisitListViewEnum, { nullable: true }) view?: VisitListView;
  @Field({ nullable: true, description: 'Visits starting at or after' }) from?: Date;
  @Field({ nullable: true, description: 'Visits starting before' }) to?: Date;
  @Field(() => [VisitStatusEnum], { nullable: true }) statuses?: VisitStatus[];
}
