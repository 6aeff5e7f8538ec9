import type { AuditAction, AuditArea, AuditRecordKind } from '../api/generated';

/**
 * The audit in words an information governance lead reads. Keyed by the API's enums, so an
 * action added to the API does not compile here until it is worded.
 */
export const AUDIT_ACTION_WORDS: Readonly<Record<AuditAction, string>> = {
  VISIT_BOOKED: 'Visit booked',
  VISIT_RESCHEDULED: 'Visit moved to another time',
  VISIT_REBOOKED: 'Next visit booked (rebook)',
  VISIT_CANCELLED: 'Visit cancelled',
  VISIT_STARTED: 'Visit started',
  VISIT_VISITOR_JOINED: 'Visitor joined',
  VISIT_HOST_REJOINED: 'Ward device rejoined',
  VISIT_COMPLETED: 'Visit ended',
  VISIT_MISSED: 'Visit marked as missed',
  VISIT_KEY_CONTACT_UPDATED: 'Key contact corrected',
  VISIT_MESSAGE_RESENT: 'Message sent again',
  VISIT_PERSONAL_DATA_READ: 'Patient and contact details seen',
  VISIT_PERSONAL_DATA_ERASED: 'Patient and contact details erased',
  WARD_CREATED: 'Ward added',
  WARD_UPDATED: 'Ward changed',
  WARD_ARCHIVED: 'Ward archived',
  WARD_FLAG_SET: 'Ward feature set',
  HOSPITAL_CREATED: 'Hospital added',
  HOSPITAL_RENAMED: 'Hospital renamed',
  HOSPITAL_ARCHIVED: 'Hospital archived',
  TRUST_ONBOARDED: 'Trust onboarded',
  TRUST_CONFIGURATION_UPDATED: 'Configuration applied from its document',
  TRUST_CONFIGURATION_IN_SYNC: 'Configuration checked: matches its document',
  TRUST_BRANDING_UPDATED: 'Branding changed',
  TRUST_RETENTION_UPDATED: 'How long details are kept changed',
  TRUST_FLAG_SET: 'Trust feature set',
  TRUST_VIDEO_SETTINGS_UPDATED: 'Video settings changed',
  TRUST_VIDEO_PROVIDER_TESTED: 'Video service tested',
  TRUST_MESSAGING_SETTINGS_UPDATED: 'Messaging settings changed',
  TRUST_TEST_MESSAGE_SENT: 'Test message sent',
  TRUST_GROUP_CHANGED: 'Trust moved to another group',
  TRUST_STATUS_ONBOARDING: 'Trust set to onboarding',
  TRUST_STATUS_ACTIVE: 'Trust made active',
  TRUST_STATUS_SUSPENDED: 'Trust suspended',
  TRUST_STATUS_ARCHIVED: 'Trust archived',
  STAFF_INVITED: 'Staff member invited',
  STAFF_INVITATION_REVOKED: 'Invitation withdrawn',
  STAFF_INVITATION_ACCEPTED: 'Invitation taken up at sign-in',
  STAFF_PLATFORM_INVITATION_ACCEPTED: 'Platform invitation taken up at sign-in',
  STAFF_ROLE_CHANGED: 'Role changed',
  STAFF_ROLE_REVOKED: 'Role taken away',
  STAFF_SIGNED_IN: 'Signed in',
  PLATFORM_FIRST_ADMIN_INVITED: 'First platform admin invited',
  PLATFORM_ROLE_INVITED: 'Platform role: invited',
  PLATFORM_ROLE_GRANTED: 'Platform role given',
  PLATFORM_ROLE_REVOKED: 'Platform role taken away',
  PLATFORM_INVITATION_REVOKED: 'Platform invitation withdrawn',
  GROUP_CREATED: 'Trust group created',
  MESSAGING_PAUSED_DAILY_LIMIT: 'Messages paused: GOV.UK Notify’s daily limit reached',
  AUTH_TOKENS_REFUSED: 'Sign-in tokens refused',
  AUDIT_SEARCHED: 'Audit searched',
};

/** An area of the audit, for "every action about …" in the search form. */
export const AUDIT_AREA_WORDS: Readonly<Record<AuditArea, string>> = {
  VISIT: 'Visits',
  WARD: 'Wards',
  HOSPITAL: 'Hospitals',
  TRUST: 'The trust’s settings',
  STAFF: 'Staff and roles',
  PLATFORM: 'Platform roles',
  GROUP: 'Trust groups',
  MESSAGING: 'Messaging',
  AUTH: 'Sign-in',
  AUDIT: 'The audit',
};

export const AUDIT_RECORD_WORDS: Readonly<Record<AuditRecordKind, string>> = {
  VISIT: 'Visit',
  VISIT_LIST: 'List of visits',
  VISIT_BATCH: 'Visits',
  WARD: 'Ward',
  HOSPITAL: 'Hospital',
  TRUST: 'Trust',
  TRUST_GROUP: 'Trust group',
  FEATURE_FLAG: 'Feature',
  NOTIFY_TEMPLATE: 'Message template',
  STAFF_MEMBER: 'Staff member',
  ROLE_ASSIGNMENT: 'Role',
  INVITATION: 'Invitation',
  PLATFORM_ROLE_ASSIGNMENT: 'Platform role',
  PLATFORM_INVITATION: 'Platform invitation',
  ACCESS_TOKEN: 'Sign-in token',
  AUDIT_EVENT: 'Audit',
};

/**
 * What the search form's "action" holds, in the page's address: an action or an area, in lower
 * case (`ward_updated`, `ward`). Anything else is no filter the API knows, and is said so.
 */
export function auditActionFilter(value: string): { action: AuditAction } | { area: AuditArea } | { problem: string } | Record<string, never> {
  if (!value) return {};
  const name = value.toUpperCase();
  if (Object.hasOwn(AUDIT_ACTION_WORDS, name)) return { action: name as AuditAction };
  if (Object.hasOwn(AUDIT_AREA_WORDS, name)) return { area: name as AuditArea };
  return { problem: 'must be one of the actions listed' };
}

/** The search form's choices: each area the audit holds ("Wards: every action"), then its actions, in words. */
export function auditActionChoices(actions: readonly AuditAction[]): { value: string; text: string }[] {
  const choices: { value: string; text: string }[] = [];
  for (const area of Object.keys(AUDIT_AREA_WORDS) as AuditArea[]) {
    const inArea = actions.filter((action) => action.startsWith(`${area}_`));
    if (!inArea.length) continue;
    choices.push({ value: area.toLowerCase(), text: `${AUDIT_AREA_WORDS[area]}: every action` });
    for (const action of inArea) choices.push({ value: action.toLowerCase(), text: `${AUDIT_AREA_WORDS[area]}: ${AUDIT_ACTION_WORDS[action]}` });
  }
  return choices;
}
