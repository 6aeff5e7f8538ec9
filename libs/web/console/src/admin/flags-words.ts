import type { FeatureFlag } from '../api/generated';

/** Each feature flag in words: what turning it on does (a flag added to the API does not compile here until it is worded). */
export const FLAG_WORDS: Readonly<Record<FeatureFlag, { text: string; hint: string }>> = {
  REBOOK: { text: 'Rebook', hint: 'After a visit ends, book the next one with the same patient and contact filled in' },
  VISIT_REMINDERS: { text: 'Reminders', hint: 'Remind the key contact a set time before the visit' },
  COMPLETE_NOTIFICATION: { text: '“Visit complete” message', hint: 'Tell the key contact when staff end the visit' },
  SMS_NOTIFICATIONS: { text: 'Text messages', hint: 'Send messages to the key contact’s mobile' },
  EMAIL_NOTIFICATIONS: { text: 'Emails', hint: 'Send messages to the key contact’s email address' },
  UNSCHEDULED_VISITS: { text: 'Visit now', hint: 'Start a visit straight away without booking a time (for example in the Emergency Department)' },
};

export function flagWords(flag: FeatureFlag): { text: string; hint: string } {
  return FLAG_WORDS[flag];
}

/** On or Off, as a tag shows it. */
export function onOff(value: boolean): { text: string; classes: string } {
  return value ? { text: 'On', classes: 'nhsuk-tag--green' } : { text: 'Off', classes: 'nhsuk-tag--grey' };
}
