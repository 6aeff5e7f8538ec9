import { Inject } from '@nestjs/common';
import { Args, Info, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ID } from '@vv/platform/graphql';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { BookVisitInput, HostJoinObject, KeyContactInput, RebookVisitInput, StartedVisitObject, VisitConnectionObject, VisitObject, VisitsFilterInput } from './dto/visit.object';
import { VisitService } from './visit.service';

/** Fields that carry personal data: asking for them is a read of personal data, and is audited. */
const PERSONAL_FIELDS = new Set(['patientName', 'contactName', 'contactMobile', 'contactEmail', 'cancelReason']);

@Resolver(() => VisitObject)
export class VisitResolver {
  constructor(@Inject(VisitService) private readonly visitService: VisitService) {}

  @Query(() => VisitObject, { description: 'One visit on one of your wards' })
  @Access.can('read', 'Visit', { otherwise: 'not-found' })
  visit(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string, @Info() info: GraphQLResolveInfo): Promise<VisitObject> {
    const fields = requestedFields(info);
    return this.visitService.get(caller, id, {
      personalData: [...PERSONAL_FIELDS].some((f) => fields.has(f)),
      history: fields.has('history'),
      messages: fields.has('messages'),
      allowedActions: fields.has('allowedActions'),
    });
  }

  @Query(() => VisitConnectionObject, { description: "Visits on your wards, newest or soonest first; a ward's day, upcoming or recent" })
  @Access.can('read', 'Visit', { otherwise: 'empty' })
  visits(
    @CurrentCaller() caller: Caller,
    @Info() info: GraphQLResolveInfo,
    @Args('filter', { type: () => VisitsFilterInput, nullable: true }) filter?: VisitsFilterInput,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<VisitConnectionObject> {
    const fields = requestedFields(info);
    return this.visitService.list(caller, filter ?? {}, { first, after }, { personalData: [...PERSONAL_FIELDS].some((f) => fields.has(f)), history: fields.has('history'), messages: fields.has('messages') });
  }

  @Mutation(() => VisitObject, { description: 'Book a visit on one of your wards; the key contact is told (no join link yet)' })
  @Access.can('book', 'Visit')
  bookVisit(@CurrentCaller() caller: Caller, @Args('input') input: BookVisitInput): Promise<VisitObject> {
    return this.visitService.book(caller, input);
  }

  @Mutation(() => VisitObject, { description: 'Move a visit; any link already sent stops working' })
  @Access.can('reschedule', 'Visit', { otherwise: 'not-found' })
  rescheduleVisit(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
    @Args('startAt') startAt: Date,
    @Args('lengthMinutes', { type: () => Int, nullable: true }) lengthMinutes?: number,
  ): Promise<VisitObject> {
    return this.visitService.reschedule(caller, id, startAt, lengthMinutes);
  }

  @Mutation(() => VisitObject, { description: 'After a visit ends, book the next with the same patient and contact' })
  @Access.can('rebook', 'Visit', { otherwise: 'not-found' })
  rebookVisit(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string, @Args('input') input: RebookVisitInput): Promise<VisitObject> {
    return this.visitService.rebook(caller, id, input.startAt, input.lengthMinutes);
  }

  @Mutation(() => VisitObject)
  @Access.can('cancel', 'Visit', { otherwise: 'not-found' })
  cancelVisit(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string, @Args('reason') reason: string): Promise<VisitObject> {
    return this.visitService.cancel(caller, id, reason);
  }

  @Mutation(() => StartedVisitObject, { description: 'The ward device and patient are ready: opens the room and the visitor link' })
  @Access.can('start', 'Visit', { otherwise: 'not-found' })
  startVisit(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<StartedVisitObject> {
    return this.visitService.start(caller, id);
  }

  @Mutation(() => VisitObject, { description: 'End the visit; its duration is recorded and the link stops working' })
  @Access.can('complete', 'Visit', { otherwise: 'not-found' })
  completeVisit(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<VisitObject> {
    return this.visitService.complete(caller, id);
  }

  @Mutation(() => HostJoinObject, { description: "After a refresh or crash of the ward device, while the visit is ready or in progress: the host's address again. Audited." })
  @Access.can('start', 'Visit')
  rejoinVisit(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<HostJoinObject> {
    return this.visitService.hostJoin(caller, id);
  }

  @Mutation(() => VisitObject, { description: "Correct the key contact's details; messages not yet sent go to the new ones (a failed one is sent again with resendMessage)" })
  @Access.can('update', 'Visit')
  updateKeyContact(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string, @Args('input') input: KeyContactInput): Promise<VisitObject> {
    return this.visitService.updateKeyContact(caller, id, input);
  }

  @Mutation(() => VisitObject, {
    description: 'Send a failed message again, once, to the key contact as they are now; returns the visit with its messages. A "ready to join" message gets a new visitor link, sent on every channel.',
  })
  @Access.can('update', 'Visit')
  resendMessage(@CurrentCaller() caller: Caller, @Args('messageId', { type: () => ID }) messageId: string, @Info() info: GraphQLResolveInfo): Promise<VisitObject> {
    return this.visitService.resendMessage(caller, messageId, { history: requestedFields(info).has('history') });
  }
}

/** Every field name the query selects below this field, through fragments too. */
function requestedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        names.add(selection.name.value);
        visit(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  info.fieldNodes.forEach((node) => visit(node.selectionSet));
  return names;
}
