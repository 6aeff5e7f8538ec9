/** Each feature flag in words: what turning it on does. A flag the API lists that is not here shows by its name. */
export const FLAG_WORDS: Readonly<Record<string, { text: string; hint: string }>> = {
  rebook: { text: 'Rebook', hint: 'After a visit ends, book the next one with the same patient and contact filled in' },
  visitReminders: { text: 'Reminders', hint: 'Remind the key contact a set time before the visit' },
  completeNotification: { text: '“Visit complete” message', hint: 'Tell the key contact when staff end the visit' },
  smsNotifications: { text: 'Text messages', hint: 'Send messages to the key contact’s mobile' },
  emailNotifications: { text: 'Emails', hint: 'Send messages to the key contact’s email address' },
  unscheduledVisits: { text: 'Visit now', hint: 'Start a visit straight away without booking a time (for example in the Emergency Department)' },
  visitorFeedback: { text: 'Visitor feedback', hint: 'Ask the family about the visit afterwards' },
  interpreterRequests: { text: 'Interpreter requests', hint: 'Ask for an interpreter when booking' },
};

export function flagWords(flag: string): { text: string; hint: string } {
  return FLAG_WORDS[flag] ?? { text: flag, hint: '' };
}

/** On or Off, as a tag shows it. */
export function onOff(value: boolean): { text: string; classes: string } {
  return value ? { text: 'On', classes: 'nhsuk-tag--green' } : { text: 'Off', classes: 'nhsuk-tag--grey' };
}
