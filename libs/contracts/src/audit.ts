/** How a thing done in a trust ended, as its audit record says. */
export const AUDIT_OUTCOMES = ['success', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Everything the audit trail records, one value each, as `<kind of record>.<what happened>`:
 * the stored value (and what configuration drift checks compare). Writing an audit record
 * with an action not listed here does not compile; the API shows these as the `AuditAction`
 * enum, and the console words each one.
 */
export const AUDIT_ACTIONS = [
  'visit.booked',
  'visit.rescheduled',
  'visit.rebooked',
  'visit.cancelled',
  'visit.started',
  'visit.visitor_joined',
  'visit.host_rejoined',
  'visit.completed',
  'visit.missed',
  'visit.key_contact_updated',
  'visit.message_resent',
  'visit.personal_data_read',
  'visit.personal_data_erased',
  'ward.created',
  'ward.updated',
  'ward.archived',
  'ward.flag_set',
  'hospital.created',
  'hospital.renamed',
  'hospital.archived',
  'trust.onboarded',
  'trust.configuration_updated',
  'trust.configuration_in_sync',
  'trust.branding_updated',
  'trust.retention_updated',
  'trust.flag_set',
  'trust.video_settings_updated',
  'trust.video_provider_tested',
  'trust.messaging_settings_updated',
  'trust.test_message_sent',
  'trust.group_changed',
  'trust.status_onboarding',
  'trust.status_active',
  'trust.status_suspended',
  'trust.status_archived',
  'staff.invited',
  'staff.invitation_revoked',
  'staff.invitation_accepted',
  'staff.platform_invitation_accepted',
  'staff.role_changed',
  'staff.role_revoked',
  'staff.signed_in',
  'platform.first_admin_invited',
  'platform.role_invited',
  'platform.role_granted',
  'platform.role_revoked',
  'platform.invitation_revoked',
  'group.created',
  'messaging.paused_daily_limit',
  'auth.tokens_refused',
  'audit.searched',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The part of an action before its dot: every action about one kind of thing (`ward` is every ward action). */
export type AuditArea = AuditAction extends `${infer Area}.${string}` ? Area : never;
export const AUDIT_AREAS = [...new Set(AUDIT_ACTIONS.map((action) => action.slice(0, action.indexOf('.'))))] as readonly AuditArea[];

/** The area an action belongs to. */
export function auditAreaOf(action: AuditAction): AuditArea {
  return action.slice(0, action.indexOf('.')) as AuditArea;
}

/** The kinds of record an audit entry can be about (its target type). */
export const AUDIT_RECORD_KINDS = [
  'visit',
  'visit_list',
  'visit_batch',
  'ward',
  'hospital',
  'trust',
  'trust_group',
  'feature_flag',
  'notify_template',
  'staff_member',
  'role_assignment',
  'invitation',
  'platform_role_assignment',
  'platform_invitation',
  'access_token',
  'audit_event',
] as const;
export type AuditRecordKind = (typeof AUDIT_RECORD_KINDS)[number];
