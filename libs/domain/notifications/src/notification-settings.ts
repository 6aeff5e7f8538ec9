import type { SecretBox } from '@vv/platform/auth';

export interface NotificationSettings {
  readonly secretBox: SecretBox;
  /** GOV.UK Notify's API (or the local server that speaks it). */
  readonly notifyBaseUrl: string;
  /** Per trust: messages handed to Notify per minute at most (Notify allows 3,000). */
  readonly ratePerMinute: number;
  /** How long one request to Notify may take before it counts as unanswered (default 10 s). */
  readonly notifyTimeoutMs?: number;
  /** Where families reach the platform (links in "ready to join"). */
  readonly publicBaseUrl: string;
  secret(environmentVariable: string): string | undefined;
  now(): Date;
}

export const NOTIFICATION_SETTINGS = Symbol('NOTIFICATION_SETTINGS');
