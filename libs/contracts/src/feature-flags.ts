/** Feature flags a trust sets by default and a ward may override. */
export const FEATURE_FLAGS = [
  'rebook',
  'visitReminders',
  'completeNotification',
  'smsNotifications',
  'emailNotifications',
  'unscheduledVisits',
] as const;

export type FeatureFlag = (typeof FEATURE_FLAGS)[number];

/**
 * Flags the product plans (families leaving feedback, asking for an interpreter) but does
 * not do yet. They are refused everywhere a flag is set (configuration files, the API), so
 * no admin can switch on something that changes nothing.
 */
export const PLANNED_FEATURE_FLAGS = ['visitorFeedback', 'interpreterRequests'] as const;

/** What a trust gets when its configuration says nothing about a flag. */
export const FEATURE_FLAG_DEFAULTS: Readonly<Record<FeatureFlag, boolean>> = {
  rebook: true,
  visitReminders: true,
  completeNotification: true,
  smsNotifications: true,
  emailNotifications: true,
  unscheduledVisits: false,
};

/** Why a flag name cannot be set, in words for the person who typed it; undefined when it can. */
export function featureFlagProblem(flag: string): string | undefined {
  if ((FEATURE_FLAGS as readonly string[]).includes(flag)) return undefined;
  if ((PLANNED_FEATURE_FLAGS as readonly string[]).includes(flag)) return `${flag} is not available yet: it would change nothing`;
  return `must be one of ${FEATURE_FLAGS.join(', ')}`;
}
