import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { AuditEventConnectionObject, AuditEventFilterInput, AuditSearchOptionsObject } from './dto/audit-event.object';
import { AuditEventsService } from './audit-events.service';

@Resolver()
export class AuditEventsResolver {
  constructor(@Inject(AuditEventsService) private readonly events: AuditEventsService) {}

  @Query(() => AuditEventConnectionObject, { description: "The active trust's audit events, newest first, by person, action and time (trust admins). Each search is audited" })
  @Access.can('read', 'AuditEvent')
  auditEvents(
    @CurrentCaller() caller: Caller,
    @Args('filter', { type: () => AuditEventFilterInput, nullable: true }) filter?: AuditEventFilterInput,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<AuditEventConnectionObject> {
    return this.events.search(caller, filter ?? {}, { first, after });
  }

  @Query(() => AuditSearchOptionsObject, { description: "The staff and actions in the active trust's audit, to search by (trust admins)" })
  @Access.can('read', 'AuditEvent')
  auditSearchOptions(@CurrentCaller() caller: Caller): Promise<AuditSearchOptionsObject> {
    return this.events.options(caller);
  }
}
