/**
 * What the run books and what each booking must lead to: which ward, which contact details,
 * and so which outbox messages the platform has to write and how Notify's test recipients
 * end them.
 */
export type Channel = 'sms' | 'email';

export interface WardUnderTest {
  odsCode: string;
  trustId: string;
  wardId: string;
  /** The demo nurse who books there, and the X-Trust header when they work in more than one trust. */
  nurse: string;
  xTrust?: string;
  /** Channels the ward sends on (the trust's and ward's flags in tenants/). */
  channels: readonly Channel[];
  /** Whether the ward sends reminders (written at booking, due hours later: not sent during the run). */
  reminders: boolean;
}

export interface PlannedVisit {
  index: number;
  ward: WardUnderTest;
  contactMobile?: string;
  contactEmail?: string;
  startAt: string;
  lengthMinutes: number;
}

/** Notify's test recipients: a message to them is accepted, then fails (test mode rules). */
export const PERMANENT_FAILURE_MOBILE = '07700900002';
export const TEMPORARY_FAILURE_MOBILE = '07700900003';
export const PERMANENT_FAILURE_EMAIL = 'perm-fail@simulator.notify';

const SLOT_MINUTES = 10;

/**
 * Visits spread round-robin over the wards, each on its own 10-minute slot (5 minutes long), a
 * day ahead and later, so capacity never refuses one. A third have a mobile, a third an email,
 * a third both; a few go to Notify's failing test recipients.
 */
export function planVisits(count: number, wards: readonly WardUnderTest[], from: Date): PlannedVisit[] {
  const base = Math.ceil((from.getTime() + 24 * 3600_000) / (SLOT_MINUTES * 60_000)) * SLOT_MINUTES * 60_000;
  return Array.from({ length: count }, (_, index) => {
    const ward = wards[index % wards.length];
    const perWard = Math.floor(index / wards.length);
    const contact = perWard % 3; // 0: mobile, 1: email, 2: both
    let contactMobile = contact !== 1 ? dramaMobile(index) : undefined;
    let contactEmail = contact !== 0 ? `family.${index}@example.org` : undefined;
    if (contactMobile && index % 97 === 5) contactMobile = PERMANENT_FAILURE_MOBILE;
    if (contactMobile && index % 89 === 7) contactMobile = TEMPORARY_FAILURE_MOBILE;
    if (contactEmail && index % 101 === 11) contactEmail = PERMANENT_FAILURE_EMAIL;
    return { index, ward, contactMobile, contactEmail, startAt: new Date(base + perWard * SLOT_MINUTES * 60_000).toISOString(), lengthMinutes: 5 };
  });
}

/**
 * A mobile number no family has: Ofcom's range for drama (07700 900000–900999), the only
 * numbers that are not real mobiles the platform takes. From 900100 up, clear of Notify's
 * test numbers, which fail on purpose.
 */
function dramaMobile(index: number): string {
  return `07700900${String(100 + (index % 900)).padStart(3, '0')}`;
}

/** The outbox rows a booking must write: a confirmation (and a reminder where the ward sends them) per channel with an address. */
export function expectedMessages(visit: PlannedVisit): { kind: 'bookingConfirmation' | 'reminder'; channel: Channel }[] {
  const channels = visit.ward.channels.filter((channel) => (channel === 'sms' ? visit.contactMobile : visit.contactEmail));
  const kinds = visit.ward.reminders ? (['bookingConfirmation', 'reminder'] as const) : (['bookingConfirmation'] as const);
  return kinds.flatMap((kind) => channels.map((channel) => ({ kind, channel })));
}

/** How Notify's test mode ends a message to this address. */
export function expectedOutcome(visit: PlannedVisit, channel: Channel): 'delivered' | 'permanent-failure' | 'temporary-failure' {
  if (channel === 'sms') {
    if (visit.contactMobile === PERMANENT_FAILURE_MOBILE) return 'permanent-failure';
    if (visit.contactMobile === TEMPORARY_FAILURE_MOBILE) return 'temporary-failure';
    return 'delivered';
  }
  return visit.contactEmail === PERMANENT_FAILURE_EMAIL ? 'permanent-failure' : 'delivered';
}

/**
 * Visits that can be started now: round-robin over the wards, each on a slot of its own a few
 * minutes from `from` (a visit may be started from 30 minutes before), at most four per ward.
 */
export function planStarts(count: number, wards: readonly WardUnderTest[], from: Date): PlannedVisit[] {
  const base = Math.ceil((from.getTime() + 2 * 60_000) / 60_000) * 60_000;
  return Array.from({ length: Math.min(count, wards.length * 4) }, (_, i) => {
    const ward = wards[i % wards.length];
    return {
      index: 900_000 + i,
      ward,
      contactMobile: dramaMobile(i),
      contactEmail: ward.channels.includes('email') ? `family.starting.${i}@example.org` : undefined,
      startAt: new Date(base + Math.floor(i / wards.length) * 6 * 60_000).toISOString(),
      lengthMinutes: 5,
    };
  });
}
