export type { NotifyChannel, NotifyOutcome, NotifyFailure } from './notify-outcome';
export {
  createNotifySender,
  NotifyLookupError,
  DEFAULT_NOTIFY_BASE_URL,
  DEFAULT_NOTIFY_TIMEOUT_MS,
  type NotifyMessage,
  type NotifySender,
  type NotifySenderOptions,
} from './notify-sender';
export { notifyServiceIdOf, makeNotifyApiKey } from './notify-api-key';
export {
  startLocalNotifyServer,
  type LocalNotifyServer,
  type LocalNotifyServerOptions,
  type LocalNotifyService,
  type LocalNotifyTemplate,
  type LocalNotifyNotification,
  type LocalNotifyReceipt,
  type LocalNotifyFault,
  type LocalNotifyErrorName,
} from './local-notify-server';
export { checkEmailAddress } from './notify-recipient';
export { normaliseUkMobile, normaliseEmail, MAX_EMAIL_LENGTH, MAX_EMAIL_DOMAIN_LENGTH } from './contact-address';
