import { Hospital, Trust, TrustFeatureFlag, TrustGroup, TrustSecret, Ward, WardFeatureFlag } from '@vv/domain/trusts';
import { Invitation, PlatformInvitation, PlatformRoleAssignment, RoleAssignment, StaffMember } from '@vv/domain/staff';
import { AuditEvent, AuditRecord, PlatformAuditEvent } from '@vv/domain/audit';
import { WorkerHeartbeat } from '@vv/platform/queue';
import { Visit, VisitEvent } from '@vv/domain/visits';
import { MessagingPause, Notification } from '@vv/domain/notifications';
import { MessageDayStats, VisitDayStats } from '@vv/domain/reporting';

/** Every entity of the product, for the ORM of each process and for the migration generator. */
export const domainEntities = [
  TrustGroup,
  Trust,
  Hospital,
  Ward,
  TrustFeatureFlag,
  WardFeatureFlag,
  StaffMember,
  RoleAssignment,
  PlatformRoleAssignment,
  Invitation,
  PlatformInvitation,
  AuditRecord,
  AuditEvent,
  PlatformAuditEvent,
  Visit,
  VisitEvent,
  Notification,
  MessagingPause,
  VisitDayStats,
  MessageDayStats,
  TrustSecret,
  WorkerHeartbeat,
];
