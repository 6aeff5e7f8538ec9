import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentCaller, type Caller } from '@vv/platform/access';
import { ID, RoleEnum } from '@vv/platform/graphql';
import type { Role } from '@vv/contracts';
import { InvitationObject, InviteStaffInput, MeObject, RoleAssignmentObject, StaffMemberObject } from './dto/staff.object';
import { StaffService } from './staff.service';

@Resolver()
export class StaffResolver {
  constructor(@Inject(StaffService) private readonly staffService: StaffService) {}

  @Query(() => MeObject, { description: 'The signed-in person, their trusts and roles' })
  @Access.signedIn('anyone signed in may read who they are, and their trusts and roles')
  me(@CurrentCaller() caller: Caller): Promise<MeObject> {
    return this.staffService.me(caller);
  }

  @Query(() => [StaffMemberObject], { description: 'Everyone with a role in the active trust (trust and group admins)' })
  @Access.can('manage', 'StaffRole')
  staff(@CurrentCaller() caller: Caller): Promise<StaffMemberObject[]> {
    return this.staffService.list(caller);
  }

  @Query(() => [InvitationObject], { description: 'Invitations in the active trust not yet accepted' })
  @Access.can('manage', 'StaffRole')
  invitations(@CurrentCaller() caller: Caller): Promise<InvitationObject[]> {
    return this.staffService.invitations(caller);
  }

  @Mutation(() => InvitationObject, { description: 'Invite someone by email to a role in the active trust; their first sign-in binds it' })
  @Access.can('manage', 'StaffRole')
  inviteStaff(@CurrentCaller() caller: Caller, @Args('input') input: InviteStaffInput): Promise<InvitationObject> {
    return this.staffService.invite(caller, input);
  }

  @Mutation(() => InvitationObject)
  @Access.can('manage', 'StaffRole')
  revokeInvitation(@CurrentCaller() caller: Caller, @Args('invitationId', { type: () => ID }) invitationId: string): Promise<InvitationObject> {
    return this.staffService.revokeInvitation(caller, invitationId);
  }

  @Mutation(() => RoleAssignmentObject, { description: "Change the role of an assignment in the active trust; never the trust's last trust admin (invite another first)" })
  @Access.can('manage', 'StaffRole')
  changeStaffRole(
    @CurrentCaller() caller: Caller,
    @Args('assignmentId', { type: () => ID }) assignmentId: string,
    @Args('role', { type: () => RoleEnum }) role: Role,
  ): Promise<RoleAssignmentObject> {
    return this.staffService.changeRole(caller, assignmentId, role);
  }

  @Mutation(() => Boolean, { description: "Take a role away; it stops working on the next request. Never the trust's last trust admin (invite another first)" })
  @Access.can('manage', 'StaffRole')
  revokeStaffRole(@CurrentCaller() caller: Caller, @Args('assignmentId', { type: () => ID }) assignmentId: string): Promise<boolean> {
    return this.staffService.revokeRole(caller, assignmentId);
  }
}
