/** Feature flags a trust sets by default and a ward may override. */
export const FEATURE_FLAGS = [
  'rebook',
  'visitReminders',
  'completeNotification',
  'smsNotifications',
  'emailNotifications',
  'unscheduledVisits',
  'visitorFeedback',
  'interpreterRequests',
] as const;

export type FeatureFlag = (typeof FEATURE_FLAGS)[number];

/** What a trust gets when its configuration says nothing about a flag. */
export const FEATURE_FLAG_DEFAULTS: Readonly<Record<FeatureFlag, boolean>> = {
  rebook: true,
  visitReminders: true,
  completeNotification: true,
  smsNotifications: true,
  emailNotifications: true,
  unscheduledVisits: false,
  visitorFeedback: false,
  interpreterRequests: false,
};
