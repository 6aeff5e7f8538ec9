import { Field, InputType, ObjectType } from '@nestjs/graphql';
import type { AuditAction, AuditArea, AuditOutcome, AuditRecordKind } from '@vv/contracts';
import { AuditActionEnum, AuditAreaEnum, AuditOutcomeEnum, AuditRecordKindEnum, ID, PageInfoObject } from '@vv/platform/graphql';

@ObjectType('AuditActor', { description: 'A member of staff who did something in the trust (staff only: never a patient or a contact)' })
export class AuditActorObject {
  @Field(() => ID) id!: string;
  @Field() displayName!: string;
  @Field() email!: string;
}

@ObjectType('AuditDetail', { description: 'One fact an audit record keeps: ids, counts and names of fields, never personal data' })
export class AuditDetailObject {
  @Field() key!: string;
  @Field() value!: string;
}

@ObjectType('AuditEvent', { description: 'Who did what to which record, when, from which request, with what outcome' })
export class AuditEventObject {
  @Field(() => ID) id!: string;
  @Field() occurredAt!: Date;
  @Field(() => AuditActorObject, { nullable: true, description: 'Null for what the platform did by itself (a missed visit, an erasure)' }) actor?: AuditActorObject | null;
  @Field(() => AuditActionEnum) action!: AuditAction;
  @Field(() => AuditRecordKindEnum) targetType!: AuditRecordKind;
  @Field(() => String, { nullable: true, description: "The record's id" }) targetId?: string | null;
  @Field(() => AuditOutcomeEnum) outcome!: AuditOutcome;
  @Field(() => String, { nullable: true }) requestId?: string | null;
  @Field(() => [AuditDetailObject]) detail!: AuditDetailObject[];
}

@ObjectType('AuditEventEdge')
export class AuditEventEdgeObject {
  @Field() cursor!: string;
  @Field(() => AuditEventObject) node!: AuditEventObject;
}

@ObjectType('AuditEventConnection')
export class AuditEventConnectionObject {
  @Field(() => [AuditEventEdgeObject]) edges!: AuditEventEdgeObject[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
}

@InputType()
export class AuditEventFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only what this member of staff did (an AuditActor id)' }) staffId?: string;
  @Field(() => AuditActionEnum, { nullable: true, description: 'Only this action' }) action?: AuditAction | null;
  @Field(() => AuditAreaEnum, { nullable: true, description: 'Only the actions about this kind of thing' }) area?: AuditArea | null;
  @Field({ nullable: true, description: 'At or after this instant' }) from?: Date;
  @Field({ nullable: true, description: 'Before this instant' }) to?: Date;
}

@ObjectType('AuditSearchOptions', { description: "What the trust's audit can be searched by: the staff and the actions in it" })
export class AuditSearchOptionsObject {
  @Field(() => [AuditActorObject]) people!: AuditActorObject[];
  @Field(() => [AuditActionEnum], { description: 'The actions found in the audit, in the order of AuditAction' }) actions!: AuditAction[];
}
