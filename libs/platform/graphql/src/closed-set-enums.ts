import { registerEnumType } from '@nestjs/graphql';
import {
  AUDIT_ACTIONS,
  AUDIT_AREAS,
  AUDIT_OUTCOMES,
  AUDIT_RECORD_KINDS,
  FEATURE_FLAGS,
  graphqlEnumName,
  graphqlEnumValues,
  HOSPITAL_STATUSES,
  INVITATION_STATUSES,
  MESSAGE_CHANNELS,
  MESSAGE_KINDS,
  NOTIFICATION_STATUSES,
  PLATFORM_ROLE_HOLDER_STATUSES,
  PLATFORM_ROLES,
  ROLE_SCOPES,
  ROLES,
  STATS_BUCKETS,
  STATS_GROUPINGS,
  TEST_MESSAGE_OUTCOMES,
  TRUST_ACTIONS,
  TRUST_STATUS_CHANGES,
  TRUST_STATUSES,
  VIDEO_PROVIDERS,
  VISIT_ACTIONS,
  VISIT_EVENT_TYPES,
  VISIT_LIST_VIEWS,
  VISIT_STATUSES,
  WARD_STATUSES,
  WEEKDAYS,
  type GraphqlEnumValues,
} from '@vv/contracts';

/**
 * Every closed set the API speaks of, as a GraphQL enum made from its one definition in the
 * contracts. GraphQL shows the values in UPPER_SNAKE_CASE and hands resolvers and services the
 * contracts' own values (`BOOKING_CONFIRMATION` in, `'bookingConfirmation'` out), so the database,
 * job payloads and configuration files are unchanged. An input outside a set is refused by
 * GraphQL itself (BAD_USER_INPUT naming the argument or field) before any service runs; a new
 * value added to a contracts tuple is in the API with no other change.
 */
export function closedSetEnum<const T extends readonly string[]>(
  name: string,
  values: T,
  options: { description?: string; values?: Partial<Record<T[number], string>> } = {},
): GraphqlEnumValues<T> {
  const enumValues = graphqlEnumValues(values);
  const valuesMap: Record<string, { description?: string }> = {};
  for (const [value, description] of Object.entries<string | undefined>(options.values ?? {})) valuesMap[graphqlEnumName(value)] = { description };
  const key = values.join('|');
  enumsByValues.set(key, [...(enumsByValues.get(key) ?? []), name]);
  enumsByName.set(name, enumValues);
  registerEnumType(enumValues, { name, description: options.description, valuesMap: valuesMap as Partial<Record<keyof GraphqlEnumValues<T>, { description?: string }>> });
  return enumValues;
}

const enumsByValues = new Map<string, string[]>();
const enumsByName = new Map<string, object>();

/**
 * The GraphQL enum made from the closed set with exactly these values (in order), for types made
 * from a schema. Two sets with the same values (a ward's and a hospital's statuses) cannot be told
 * apart by their values: the field must name its enum.
 */
export function closedSetEnumOf(values: readonly string[]): object {
  const names = enumsByValues.get(values.join('|')) ?? [];
  if (names.length !== 1) {
    throw new Error(
      names.length
        ? `The closed sets ${names.join(' and ')} have the same values: name the field's enum`
        : `No GraphQL enum is made from the closed set ${values.join(', ')}: add it to closed-set-enums.ts`,
    );
  }
  return enumsByName.get(names[0]) as object;
}

export const FeatureFlagEnum = closedSetEnum('FeatureFlag', FEATURE_FLAGS, { description: 'A feature a trust switches on by default and a ward may override' });

export const MessageKindEnum = closedSetEnum('MessageKind', MESSAGE_KINDS, { description: 'What a message to the key contact is about' });
export const MessageChannelEnum = closedSetEnum('MessageChannel', MESSAGE_CHANNELS, { description: 'How a message reaches the key contact: a text message (SMS) or an email' });
export const MessageStatusEnum = closedSetEnum('MessageStatus', NOTIFICATION_STATUSES, {
  description: "Where a message to the key contact is: ours before GOV.UK Notify has it (PENDING, SENDING) or instead of it (SUPERSEDED), then Notify's own",
});
export const TestMessageOutcomeEnum = closedSetEnum('TestMessageOutcome', TEST_MESSAGE_OUTCOMES, {
  description: "GOV.UK Notify's answer to a test message",
  values: { refused: 'Notify said no: sending again will not help', unavailable: 'Notify did not answer, or failed' },
});

export const VideoProviderEnum = closedSetEnum('VideoProvider', VIDEO_PROVIDERS, { description: "The trust's video call service" });

export const VisitStatusEnum = closedSetEnum('VisitStatus', VISIT_STATUSES);
export const VisitEventTypeEnum = closedSetEnum('VisitEventType', VISIT_EVENT_TYPES, { description: "What a visit's history records" });
export const VisitActionEnum = closedSetEnum('VisitAction', VISIT_ACTIONS, {
  description: 'Something staff can do to a visit: rescheduleVisit, cancelVisit, startVisit, completeVisit, rejoinVisit, rebookVisit, updateKeyContact',
});
export const VisitListViewEnum = closedSetEnum('VisitListView', VISIT_LIST_VIEWS, {
  values: { TODAY: "The trust's calendar day", UPCOMING: 'Not yet ended', RECENT: 'Started before now, newest first' },
});

export const RoleEnum = closedSetEnum('Role', ROLES);
export const RoleScopeEnum = closedSetEnum('RoleScope', ROLE_SCOPES);
export const PlatformRoleEnum = closedSetEnum('PlatformRole', PLATFORM_ROLES, { description: 'A role held above any one trust: PLATFORM_ADMIN, or GROUP_ADMIN or REPORTING_ANALYST of a trust group' });
export const PlatformRoleHolderStatusEnum = closedSetEnum('PlatformRoleHolderStatus', PLATFORM_ROLE_HOLDER_STATUSES, {
  values: { active: 'Holds the role', invited: 'Takes the role at their first sign-in' },
});
export const InvitationStatusEnum = closedSetEnum('InvitationStatus', INVITATION_STATUSES);

export const TrustStatusEnum = closedSetEnum('TrustStatus', TRUST_STATUSES);
export const TrustStatusChangeEnum = closedSetEnum('TrustStatusChange', TRUST_STATUS_CHANGES, { description: 'The statuses a platform admin moves a trust to' });
export const WardStatusEnum = closedSetEnum('WardStatus', WARD_STATUSES);
export const HospitalStatusEnum = closedSetEnum('HospitalStatus', HOSPITAL_STATUSES);
export const TrustActionEnum = closedSetEnum('TrustAction', TRUST_ACTIONS, {
  description: 'What you may do to run a trust',
  values: {
    manageHospitals: 'Add, rename and archive hospitals',
    manageWards: 'Add, change and archive any ward',
    manageFeatureFlags: 'The trust defaults of the feature flags',
    updateSettings: 'Branding, messaging, video, retention',
    manageStaff: 'Invite, change and revoke roles',
    readAudit: 'Search the trust’s audit events',
  },
});
export const WeekdayEnum = closedSetEnum('Weekday', WEEKDAYS);

export const StatsGroupingEnum = closedSetEnum('StatsGrouping', STATS_GROUPINGS, {
  values: {
    ward: 'Each ward of the active trust (every trust of its group with acrossGroup)',
    hospital: 'Each hospital of the active trust (every trust of its group with acrossGroup)',
    trust: 'The active trust (every trust of its group with acrossGroup)',
    group: 'Every trust of the group you hold a group role for, together',
  },
});
export const StatsBucketEnum = closedSetEnum('StatsBucket', STATS_BUCKETS, { description: 'Calendar day, ISO week (from Monday) or month in Europe/London' });

export const AuditOutcomeEnum = closedSetEnum('AuditOutcome', AUDIT_OUTCOMES);
export const AuditActionEnum = closedSetEnum('AuditAction', AUDIT_ACTIONS, { description: 'What an audit record says was done: the kind of record, then what happened to it (WARD_UPDATED)' });
export const AuditAreaEnum = closedSetEnum('AuditArea', AUDIT_AREAS, { description: 'Every audit action about one kind of thing (WARD is WARD_CREATED, WARD_UPDATED, …)' });
export const AuditRecordKindEnum = closedSetEnum('AuditRecordKind', AUDIT_RECORD_KINDS, { description: 'The kind of record an audit entry is about' });
