import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ROLES } from '@vv/contracts';

export enum RoleValue {
  platform_admin = 'platform_admin',
  group_admin = 'group_admin',
  trust_admin = 'trust_admin',
  ward_manager = 'ward_manager',
  ward_staff = 'ward_staff',
  reporting_analyst = 'reporting_analyst',
}
registerEnumType(RoleValue, { name: 'Role', description: `One of: ${ROLES.join(', ')}` });

export enum RoleScopeValue {
  platform = 'platform',
  group = 'group',
  trust = 'trust',
  hospital = 'hospital',
  ward = 'ward',
}
registerEnumType(RoleScopeValue, { name: 'RoleScope' });

export enum InvitationStatusValue {
  pending = 'pending',
  accepted = 'accepted',
  revoked = 'revoked',
}
registerEnumType(InvitationStatusValue, { name: 'InvitationStatus' });

@ObjectType('NamedPlace', { description: 'A hospital, ward or group a role is held for' })
export class NamedPlaceObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType('RoleAssignment')
export class RoleAssignmentObject {
  @Field(() => ID, { nullable: true, description: 'Absent for platform and group roles' }) id?: string | null;
  @Field(() => RoleValue) role!: RoleValue;
  @Field(() => RoleScopeValue) scope!: RoleScopeValue;
  @Field(() => NamedPlaceObject, { nullable: true }) group?: NamedPlaceObject | null;
  @Field(() => NamedPlaceObject, { nullable: true }) hospital?: NamedPlaceObject | null;
  @Field(() => NamedPlaceObject, { nullable: true }) ward?: NamedPlaceObject | null;
}

@ObjectType('TrustMembership')
export class TrustMembershipObject {
  @Field() odsCode!: string;
  @Field() name!: string;
  @Field(() => [RoleValue], { description: 'Roles that reach this trust, including group roles' }) roles!: RoleValue[];
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
  @Field(() => RoleValue) role!: RoleValue;
  @Field(() => RoleScopeValue) scope!: RoleScopeValue;
  @Field(() => NamedPlaceObject, { nullable: true }) hospital?: NamedPlaceObject | null;
  @Field(() => NamedPlaceObject, { nullable: true }) ward?: NamedPlaceObject | null;
  @Field(() => InvitationStatusValue) status!: InvitationStatusValue;
  @Field(() => Date) createdAt!: Date;
}

@InputType()
export class InviteStaffInput {
  @Field({ description: 'Work email; its domain must be one the trust invites from' }) email!: string;
  @Field(() => RoleValue) role!: RoleValue;
  @Field(() => RoleScopeValue, { description: 'trust, hospital or ward' }) scope!: RoleScopeValue;
  @Field(() => ID, { nullable: true, description: 'Required for hospital scope' }) hospitalId?: string;
  @Field(() => ID, { nullable: true, description: 'Required for ward scope' }) wardId?: string;
}
