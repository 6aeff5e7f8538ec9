export const TRUST_STATUSES = ['onboarding', 'active', 'suspended', 'archived'] as const;
export type TrustStatus = (typeof TRUST_STATUSES)[number];

/** The statuses a platform admin moves a trust to (onboarding is where a trust starts, never where it is sent). */
export const TRUST_STATUS_CHANGES = ['active', 'suspended', 'archived'] as const satisfies readonly TrustStatus[];
export type TrustStatusChange = (typeof TRUST_STATUS_CHANGES)[number];

/** What a person may do to run a trust, by their roles: the console offers these and nothing else. */
export const TRUST_ACTIONS = ['manageHospitals', 'manageWards', 'manageFeatureFlags', 'updateSettings', 'manageStaff', 'readAudit'] as const;
export type TrustAction = (typeof TRUST_ACTIONS)[number];

export const WARD_STATUSES = ['active', 'archived'] as const;
export type WardStatus = (typeof WARD_STATUSES)[number];

/** An archived hospital has only archived wards, takes no new wards and no bookings; its history stays. */
export const HOSPITAL_STATUSES = ['active', 'archived'] as const;
export type HospitalStatus = (typeof HOSPITAL_STATUSES)[number];

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Visiting hours per weekday, each a list of "HH:MM-HH:MM" ranges in the trust's local time. */
export type VisitingHours = Readonly<Record<Weekday, readonly string[]>>;

export const MESSAGE_KINDS = [
  'bookingConfirmation',
  'reminder',
  'readyToJoin',
  'rescheduled',
  'cancelled',
  'visitComplete',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** How a message reaches a key contact. */
export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** GOV.UK Notify's answer to a test message, said plainly: refused (sending again will not help), unavailable (no answer, or it failed). */
export const TEST_MESSAGE_OUTCOMES = ['accepted', 'refused', 'rate_limited', 'daily_limit', 'unavailable'] as const;
export type TestMessageOutcome = (typeof TEST_MESSAGE_OUTCOMES)[number];

export const VIDEO_PROVIDERS = ['whereby', 'jitsi'] as const;
export type VideoProvider = (typeof VIDEO_PROVIDERS)[number];

/** Most visiting-hours ranges one day may have (a day is rarely split more than twice). */
export const MAX_RANGES_PER_DAY = 8;

/**
 * What is wrong with one day's visiting-hours ranges taken together (each already a valid
 * "HH:MM-HH:MM" range): too many, or one that repeats or overlaps an earlier one, which would
 * leave what the ward's hours are to the order they were typed in. By the range's index; one
 * rule for the API and for a trust's configuration document.
 */
export function dayRangesProblems(ranges: readonly string[]): { index: number; message: string }[] {
  if (ranges.length > MAX_RANGES_PER_DAY) return [{ index: MAX_RANGES_PER_DAY, message: `a day has at most ${MAX_RANGES_PER_DAY} ranges` }];
  const problems: { index: number; message: string }[] = [];
  ranges.forEach((range, i) => {
    const [from, to] = range.split('-');
    const clash = ranges.slice(0, i).some((earlier) => {
      const [earlierFrom, earlierTo] = earlier.split('-');
      return from < earlierTo && earlierFrom < to;
    });
    if (clash) problems.push({ index: i, message: 'overlaps another range on the same day' });
  });
  return problems;
}
