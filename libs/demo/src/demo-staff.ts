import type { Role } from '@vv/contracts';

/** Demo Entra tenants: NHSmail's shared tenant (all nhs.net users) and two trusts' own tenants. */
export const DEMO_TENANTS = {
  nhsmail: '37c354b2-85b0-47f5-b222-07b48d774ee3',
  kettering: '06a52d13-ad22-4add-8b8c-da09371c46a6',
  northampton: '39e8fcfa-a386-476f-93ab-f75651266634',
} as const;

export interface DemoRole {
  role: Role;
  /** platform; group by code; trust, hospital (site code) or ward (site/ward code) by ODS code. */
  at: { platform: true } | { group: string } | { trust: string } | { trust: string; hospital: string } | { trust: string; ward: string };
}

export interface DemoStaffMember {
  email: string;
  displayName: string;
  tenantId: string;
  objectId: string;
  roles: DemoRole[];
  /** Invited but never signed in: the roles wait as invitations until the first sign-in binds them. */
  invitedOnly?: boolean;
}

/**
 * The demo staff of the demo trusts, loaded by `npm start` and the tests only, never by a
 * migration. They cover every role, a person working in two trusts of the group, and a
 * new starter who has been invited but has never signed in.
 */
export const DEMO_STAFF: readonly DemoStaffMember[] = [
  { email: 'platform.admin@nhs.net', displayName: 'Priya Shah (platform admin)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000001', roles: [{ role: 'platform_admin', at: { platform: true } }] },
  { email: 'group.admin@nhs.net', displayName: 'Gareth Lewis (UHN group admin)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000002', roles: [{ role: 'group_admin', at: { group: 'UHN' } }] },
  { email: 'group.analyst@nhs.net', displayName: 'Amara Okafor (UHN analyst)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000003', roles: [{ role: 'reporting_analyst', at: { group: 'UHN' } }] },
  { email: 'trust.admin@kgh.nhs.uk', displayName: 'Tom Harris (RNQ trust admin)', tenantId: DEMO_TENANTS.kettering, objectId: 'a0000000-0000-4000-8000-000000000010', roles: [{ role: 'trust_admin', at: { trust: 'RNQ' } }] },
  { email: 'ward.manager.rnq@nhs.net', displayName: 'Mary Evans (RNQ ward manager)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000011', roles: [{ role: 'ward_manager', at: { trust: 'RNQ', ward: 'RNQ01/CCU' } }, { role: 'ward_manager', at: { trust: 'RNQ', ward: 'RNQ01/W6-RESP' } }] },
  { email: 'nurse.rnq@nhs.net', displayName: 'Nia Roberts (RNQ ED nurse)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000012', roles: [{ role: 'ward_staff', at: { trust: 'RNQ', ward: 'RNQ01/ED' } }] },
  { email: 'trust.admin@ngh.nhs.uk', displayName: 'Sam Patel (RNS trust admin)', tenantId: DEMO_TENANTS.northampton, objectId: 'a0000000-0000-4000-8000-000000000020', roles: [{ role: 'trust_admin', at: { trust: 'RNS' } }] },
  { email: 'ward.manager.rns@nhs.net', displayName: 'Helen Clarke (RNS ward manager, Northampton General)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000021', roles: [{ role: 'ward_manager', at: { trust: 'RNS', hospital: 'RNS01' } }] },
  { email: 'nurse.rns@nhs.net', displayName: 'Kofi Mensah (RNS stroke nurse)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000022', roles: [{ role: 'ward_staff', at: { trust: 'RNS', ward: 'RNS01/STROKE' } }] },
  { email: 'trust.admin@lnwh.nhs.uk', displayName: 'Laura Brown (R1K trust admin)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000030', roles: [{ role: 'trust_admin', at: { trust: 'R1K' } }] },
  { email: 'ward.manager.r1k@nhs.net', displayName: 'Imran Ali (R1K ward manager)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000031', roles: [{ role: 'ward_manager', at: { trust: 'R1K', ward: 'R1K01/ITU' } }] },
  { email: 'nurse.r1k@nhs.net', displayName: 'Grace Wilson (R1K ED nurse)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000032', roles: [{ role: 'ward_staff', at: { trust: 'R1K', ward: 'R1K01/ED' } }] },
  { email: 'analyst.r1k@nhs.net', displayName: 'Ben Cooper (R1K analyst)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000033', roles: [{ role: 'reporting_analyst', at: { trust: 'R1K' } }] },
  {
    email: 'bank.nurse@nhs.net',
    displayName: 'Olivia Hughes (bank nurse, RNQ and RNS)',
    tenantId: DEMO_TENANTS.nhsmail,
    objectId: 'a0000000-0000-4000-8000-000000000040',
    roles: [
      { role: 'ward_staff', at: { trust: 'RNQ', ward: 'RNQ01/ED' } },
      { role: 'ward_staff', at: { trust: 'RNS', ward: 'RNS01/ED' } },
    ],
  },
  { email: 'new.starter@nhs.net', displayName: 'Jamie Taylor (invited, never signed in)', tenantId: DEMO_TENANTS.nhsmail, objectId: 'a0000000-0000-4000-8000-000000000050', roles: [{ role: 'ward_staff', at: { trust: 'RNQ', ward: 'RNQ01/STROKE' } }], invitedOnly: true },
];
