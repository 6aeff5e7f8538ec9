/** What the console says about a visit's state, a message and an event, in the ward's words. */

export const VISIT_STATUS: Record<string, { text: string; colour: string }> = {
  booked: { text: 'Booked', colour: 'blue' },
  ready: { text: 'Ready: link sent', colour: 'yellow' },
  in_progress: { text: 'In progress', colour: 'green' },
  completed: { text: 'Completed', colour: 'grey' },
  cancelled: { text: 'Cancelled', colour: 'red' },
  missed: { text: 'Missed', colour: 'orange' },
};

export const MESSAGE_KIND: Record<string, string> = {
  bookingConfirmation: 'Booking confirmation',
  reminder: 'Reminder',
  readyToJoin: 'Ready to join (with the link)',
  rescheduled: 'New time',
  cancelled: 'Cancellation',
  visitComplete: 'Visit complete',
};

export const MESSAGE_STATUS: Record<string, { text: string; colour: string; failed?: boolean }> = {
  pending: { text: 'Waiting to send', colour: 'grey' },
  sending: { text: 'Sending', colour: 'grey' },
  sent: { text: 'Sent', colour: 'blue' },
  delivered: { text: 'Delivered', colour: 'green' },
  'temporary-failure': { text: 'Not delivered yet: the phone may be off or out of signal', colour: 'orange', failed: true },
  'permanent-failure': { text: 'Not delivered: the number or address is wrong', colour: 'red', failed: true },
  'technical-failure': { text: 'Not sent: a problem at GOV.UK Notify', colour: 'red', failed: true },
  superseded: { text: 'Not sent: the visit changed', colour: 'grey' },
};

export const VISIT_EVENT: Record<string, string> = {
  booked: 'Booked',
  rescheduled: 'Moved to a new time',
  rebooked: 'Rebooked',
  cancelled: 'Cancelled',
  started: 'Started: link sent',
  visitor_joined: 'Visitor joined',
  visitor_left: 'Visitor left',
  completed: 'Completed',
  missed: 'Missed',
  message_sent: 'Message sent',
  message_failed: 'Message not delivered',
  host_rejoined: 'Ward device rejoined',
};

export function words(table: Record<string, string>, key: string): string {
  return table[key] ?? key.replaceAll('_', ' ');
}

/** "sms" → "text", as people say it. */
export function channelWord(channel: string): string {
  return channel === 'sms' ? 'Text' : channel === 'email' ? 'Email' : channel;
}
