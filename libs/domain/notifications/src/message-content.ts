import { DateTime } from 'luxon';
import type { MessageKind } from '@vv/contracts';
import { formatNhsTime } from '@vv/ui/nhsuk';

/**
 * The personalisation every trust's templates can use: ((patient_first_name)), ((ward)),
 * ((hospital)), ((trust)), ((date)), ((time)), and ((link)) in "ready to join" only.
 */
export function personalisationFor(
  kind: MessageKind,
  input: { patientName: string | null; wardName: string; hospitalName: string; trustName: string; start: Date; timeZone: string; link?: string },
): Record<string, string> {
  const local = DateTime.fromJSDate(input.start, { zone: input.timeZone }).setLocale('en-GB');
  const values: Record<string, string> = {
    patient_first_name: (input.patientName ?? '').trim().split(/\s+/)[0] ?? '',
    ward: input.wardName,
    hospital: input.hospitalName,
    trust: input.trustName,
    date: local.toFormat('cccc d LLLL yyyy'),
    // NHS style: "2pm", "5:30pm", as families read times everywhere else
    time: formatNhsTime(input.start, input.timeZone),
  };
  if (kind === 'readyToJoin') {
    if (!input.link) throw new Error('a "ready to join" message needs the visitor link');
    values.link = input.link;
  }
  return values;
}

/** +447700900123 → 07••• •••123; j.smith@example.org → j•••@example.org. Enough for staff to check, no more. */
export function maskRecipient(channel: 'sms' | 'email', address: string): string {
  if (channel === 'sms') return `07••• •••${address.slice(-3)}`;
  const [local, domain] = address.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}
