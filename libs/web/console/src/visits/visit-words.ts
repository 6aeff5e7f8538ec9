/** What the console says about a visit's state, a message and an event, in the ward's words (keyed by the API's enum values). */
import type { MessageChannel, MessageKind, MessageStatus, VisitEventType, VisitStatus } from '../api/generated';

export const VISIT_STATUS: Record<VisitStatus, { text: string; colour: string }> = {
  BOOKED: { text: 'Booked', colour: 'blue' },
  READY: { text: 'Ready: link sent', colour: 'yellow' },
  IN_PROGRESS: { text: 'In progress', colour: 'green' },
  COMPLETED: { text: 'Completed', colour: 'grey' },
  CANCELLED: { text: 'Cancelled', colour: 'red' },
  MISSED: { text: 'Missed', colour: 'orange' },
};

/** Each message families get, in the order they happen (the admin's template form lists them so). */
export const MESSAGE_KIND: Record<MessageKind, string> = {
  BOOKING_CONFIRMATION: 'Booking confirmation',
  REMINDER: 'Reminder',
  READY_TO_JOIN: 'Ready to join (the only one with the link)',
  RESCHEDULED: 'New time',
  CANCELLED: 'Cancellation',
  VISIT_COMPLETE: 'Visit complete',
};

export const MESSAGE_STATUS: Record<MessageStatus, { text: string; colour: string; failed?: boolean }> = {
  PENDING: { text: 'Waiting to send', colour: 'grey' },
  SENDING: { text: 'Sending', colour: 'grey' },
  SENT: { text: 'Sent', colour: 'blue' },
  DELIVERED: { text: 'Delivered', colour: 'green' },
  TEMPORARY_FAILURE: { text: 'Not delivered yet: the phone may be off or out of signal', colour: 'orange', failed: true },
  PERMANENT_FAILURE: { text: 'Not delivered: the number or address is wrong', colour: 'red', failed: true },
  TECHNICAL_FAILURE: { text: 'Not sent: a problem at GOV.UK Notify', colour: 'red', failed: true },
  SUPERSEDED: { text: 'Not sent: the visit changed', colour: 'grey' },
};

/** Events the ward sees in a visit's history (contact changes and resends show by their name). */
export const VISIT_EVENT: Partial<Record<VisitEventType, string>> = {
  BOOKED: 'Booked',
  RESCHEDULED: 'Moved to a new time',
  REBOOKED: 'Rebooked',
  CANCELLED: 'Cancelled',
  STARTED: 'Started: link sent',
  VISITOR_JOINED: 'Visitor joined',
  VISITOR_LEFT: 'Visitor left',
  COMPLETED: 'Completed',
  MISSED: 'Missed',
  MESSAGE_SENT: 'Message sent',
  MESSAGE_FAILED: 'Message not delivered',
  HOST_REJOINED: 'Ward device rejoined',
};

/** A value in the ward's words, or, for one the table leaves out, its name as words (CONTACT_UPDATED → "contact updated"). */
export function words<K extends string>(table: Partial<Record<K, string>>, key: K): string {
  return table[key] ?? key.toLowerCase().replaceAll('_', ' ');
}

/** SMS → "Text", as people say it. */
export function channelWord(channel: MessageChannel): string {
  return channel === 'SMS' ? 'Text' : 'Email';
}
