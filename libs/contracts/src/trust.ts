export const TRUST_STATUSES = ['onboarding', 'active', 'suspended', 'archived'] as const;
export type TrustStatus = (typeof TRUST_STATUSES)[number];

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

export const VIDEO_PROVIDERS = ['whereby', 'jitsi'] as const;
export type VideoProvider = (typeof VIDEO_PROVIDERS)[number];
