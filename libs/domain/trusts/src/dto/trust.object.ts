import { Field, ObjectType } from '@nestjs/graphql';
import type { HospitalStatus, TrustAction, TrustStatus, Weekday } from '@vv/contracts';
import { HospitalStatusEnum, ID, ObjectFields, shownAs, TrustActionEnum, TrustStatusEnum, WardStatusEnum, WeekdayEnum } from '@vv/platform/graphql';
import { brandingSetting, type TrustBranding } from '../settings/branding.setting';
import { wardShown } from '../settings/ward.setting';

@ObjectType('Branding', { description: "How the trust's pages and messages look" })
export class BrandingObject extends ObjectFields(brandingSetting) {}

/** A trust's branding as the API shows it: settings not given are null. */
export function brandingObject(branding: TrustBranding): BrandingObject {
  return shownAs(brandingSetting, branding);
}

@ObjectType('TrustGroup')
export class TrustGroupObject {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field() name!: string;
}

@ObjectType('Trust')
export class TrustObject {
  @Field(() => ID) id!: string;
  @Field({ description: 'ODS code, e.g. RNQ' }) odsCode!: string;
  @Field() name!: string;
  @Field(() => TrustStatusEnum) status!: TrustStatus;
  @Field() timeZone!: string;
  @Field(() => BrandingObject) branding!: BrandingObject;
  @Field(() => TrustGroupObject, { nullable: true }) group?: TrustGroupObject | null;
  @Field(() => [TrustActionEnum], { description: "What you may do to run this trust, by your roles (a ward manager's own wards show as Ward.canChangeSettings)" })
  allowedActions!: TrustAction[];
}

@ObjectType('Hospital')
export class HospitalObject {
  @Field(() => ID) id!: string;
  @Field() siteCode!: string;
  @Field() name!: string;
  @Field(() => HospitalStatusEnum, { description: 'An archived hospital has only archived wards and takes no new ones' }) status!: HospitalStatus;
}

export function hospitalObject(hospital: { id: string; siteCode: string; name: string; status: HospitalStatus }): HospitalObject {
  return { id: hospital.id, siteCode: hospital.siteCode, name: hospital.name, status: hospital.status };
}

@ObjectType('VisitingHoursDay')
export class VisitingHoursDayObject {
  @Field(() => WeekdayEnum) day!: Weekday;
  @Field(() => [String], { description: 'Ranges like 14:00-20:00 in the trust\'s time zone; empty when closed' }) ranges!: string[];
}

@ObjectType('Ward')
export class WardObject extends ObjectFields(wardShown, { enums: { status: WardStatusEnum } }) {
  @Field(() => ID) id!: string;
  @Field(() => HospitalObject) hospital!: HospitalObject;
  @Field(() => [VisitingHoursDayObject]) visitingHours!: VisitingHoursDayObject[];
  @Field({ description: 'Whether you may book visits on this ward (your roles, and the ward is open)' }) canBookVisits!: boolean;
  @Field({ description: "Whether the ward takes unscheduled visits ('visit now': booked and started in one step), by its flag" }) takesUnscheduledVisits!: boolean;
  @Field({ description: "Whether you may change this ward's settings and flag overrides (trust admins any ward, ward managers theirs)" }) canChangeSettings!: boolean;
}
