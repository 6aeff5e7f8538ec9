import { Field, InputType, ObjectType } from '@nestjs/graphql';
import type { InvitationStatus, Role, RoleScope } from '@vv/contracts';
import { ID, InvitationStatusEnum, RoleEnum, RoleScopeEnum } from '@vv/platform/graphql';

@ObjectType('NamedPlace', { description: 'A hospital, ward or group a role is held for' })
export class NamedPlaceObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType('RoleAssignment')
export class RoleAssignmentObject {
  @Field(() => ID, { nullable: true, description: 'Absent for platform and group roles' }) id?: string | null;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => RoleScopeEnum) scope!: RoleScope;
  @Field(() => NamedPlaceObject, { nullable: true }) group?: NamedPlaceObject | null;
  @Field(() => NamedPlaceObject, { nullable: true }) hospital?: NamedPlaceObject | null;
  @Field(() => NamedPlaceObject, { nullable: true }) ward?: NamedPlaceObject | null;
}

@ObjectType('TrustMembership')
export class TrustMembershipObject {
  @Field() odsCode!: string;
  @Field() name!: string;
  @Field(() => [RoleEnum], { description: 'Roles that reach this trust, including group roles' }) roles!: Role[];
}

@ObjectType('Me')
export class MeObject {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() displayName!: string;
  @Field(() => String, { nullable: true, description: 'ODS code of the active trust' }) activeTrust?: string | null;
  @Field(() => [TrustMembershipObject]) trusts!: TrustMembershipObject[];
  @Field(() => [RoleAssignmentObject], { description: 'Platform and group roles' }) platformRoles!: RoleAssignmentObject[];
}

@ObjectType('StaffMember')
export class StaffMemberObject {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() displayName!: string;
  @Field(() => Date, { nullable: true }) lastSignInAt?: Date | null;
  @Field(() => [RoleAssignmentObject], { description: 'Roles in the active trust' }) roles!: RoleAssignmentObject[];
}

@ObjectType('Invitation')
export class InvitationObject {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => RoleScopeEnum) scope!: RoleScope;
  @Field(() => NamedPlaceObject, { nullable: true }) hospital?: NamedPlaceObject | null;
  @Field(() => NamedPlaceObject, { nullable: true }) ward?: NamedPlaceObject | null;
  @Field(() => InvitationStatusEnum) status!: InvitationStatus;
  @Field(() => Date) createdAt!: Date;
}

@InputType()
export class InviteStaffInput {
  @Field({ description: 'Work email; its domain must be one the trust invites from' }) email!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => RoleScopeEnum, { description: 'TRUST, HOSPITAL or WARD' }) scope!: RoleScope;
  @Field(() => ID, { nullable: true, description: 'Required for hospital scope' }) hospitalId?: string;
  @Field(() => ID, { nullable: true, description: 'Required for ward scope' }) wardId?: string;
}
