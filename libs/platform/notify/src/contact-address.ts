/**
 * A key contact's mobile number and email address as we keep them: what staff typed, normalised,
 * and only when GOV.UK Notify can send to it. Visits check a booking's contact with these, and
 * messaging checks a test message's recipient with the same rules.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { checkEmailAddress } from './notify-recipient';

/** Longest contact email taken (RFC 5321's limit for a path). */
export const MAX_EMAIL_LENGTH = 254;
/** Longest email domain taken: staff see a contact's address masked as `j•••@domain`, kept in 80 characters. */
export const MAX_EMAIL_DOMAIN_LENGTH = 75;
/** Ofcom's numbers for drama and testing (07700 900000–900999): never anyone's phone; GOV.UK Notify's test numbers are here. */
const TEST_MOBILES = /^\+447700900\d{3}$/;

/**
 * A UK mobile number in E.164 (+447…), from what staff typed ("07700 900123", "+44 7700 900123"…).
 * Only numbers in mobile ranges: personal numbers (070) and pagers (076) cannot receive texts.
 */
export function normaliseUkMobile(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'GB');
  const e164 = parsed?.number;
  if (!e164 || !/^\+447\d{9}$/.test(e164)) return null;
  return parsed.getType() === 'MOBILE' || TEST_MOBILES.test(e164) ? e164 : null;
}

/** An address GOV.UK Notify will send to (its own rule), short enough to keep and show masked. */
export function normaliseEmail(input: string): string | null {
  const checked = checkEmailAddress(input.trim());
  if (!checked.ok || checked.normalised.length > MAX_EMAIL_LENGTH) return null;
  const domain = checked.normalised.slice(checked.normalised.lastIndexOf('@') + 1);
  return domain.length <= MAX_EMAIL_DOMAIN_LENGTH ? checked.normalised : null;
}
