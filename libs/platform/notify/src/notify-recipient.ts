/**
 * GOV.UK Notify's own recipient rules (notifications-utils), as the local server applies them,
 * and the test recipients whose delivery receipts are failures.
 */
import { RECEIPT_STATUSES, type ReceiptStatus } from '@vv/contracts';

export type RecipientCheck = { ok: true; normalised: string } | { ok: false; message: string };

/** A UK mobile as Notify reads it: separators `( ) - +` and spaces allowed, 07… / 447… / +44 7…; normalised to 447XXXXXXXXX. */
export function checkUkMobile(value: string): RecipientCheck {
  const digits = value.replace(/[\s()+-]/g, '');
  if (!/^\d*$/.test(digits)) return { ok: false, message: 'Must not contain letters or symbols' };
  const national = digits.replace(/^0+/, '').replace(/^44/, '').replace(/^0+/, '');
  if (!national.startsWith('7')) return { ok: false, message: 'Not a UK mobile number' };
  if (national.length > 10) return { ok: false, message: 'Too many digits' };
  if (national.length < 10) return { ok: false, message: 'Not enough digits' };
  return { ok: true, normalised: `44${national}` };
}

const LOCAL_PART = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const HOSTNAME_PART = /^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$/i;
const TLD = /^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$/i;

/** An email address as Notify accepts it (no IDN conversion). Normalised to lower case. */
export function checkEmailAddress(value: string): RecipientCheck {
  const invalid: RecipientCheck = { ok: false, message: 'Not a valid email address' };
  const address = value.trim();
  if (address.length > 320 || address.includes('..') || /\s/.test(address)) return invalid;
  const at = address.lastIndexOf('@');
  if (at <= 0) return invalid;
  const local = address.slice(0, at);
  const hostname = address.slice(at + 1).replace(/\.$/, '');
  if (!LOCAL_PART.test(local) || hostname.length === 0 || hostname.length > 253) return invalid;
  const parts = hostname.split('.');
  if (parts.length < 2 || parts.some((part) => part.length > 63 || !HOSTNAME_PART.test(part))) return invalid;
  if (!TLD.test(parts[parts.length - 1])) return invalid;
  return { ok: true, normalised: address.toLowerCase() };
}

export { RECEIPT_STATUSES, type ReceiptStatus };

/**
 * Notify's test recipients: 07700900002 → permanent-failure, 07700900003 → temporary-failure,
 * perm-fail@simulator.notify / temp-fail@simulator.notify likewise; anyone else → delivered.
 */
export function receiptStatusFor(type: 'sms' | 'email', to: string): ReceiptStatus {
  if (type === 'sms') {
    const mobile = checkUkMobile(to);
    if (mobile.ok && mobile.normalised === '447700900002') return 'permanent-failure';
    if (mobile.ok && mobile.normalised === '447700900003') return 'temporary-failure';
    return 'delivered';
  }
  const email = checkEmailAddress(to);
  if (email.ok && email.normalised === 'perm-fail@simulator.notify') return 'permanent-failure';
  if (email.ok && email.normalised === 'temp-fail@simulator.notify') return 'temporary-failure';
  return 'delivered';
}
