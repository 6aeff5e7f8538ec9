import type { VideoProviderKind } from './video-provider';

export const VIDEO_PROVIDER_ERROR_CODES = [
  /** The trust's video settings cannot work (checked when the provider is created). */
  'invalid_settings',
  /** The caller asked for something impossible (an end already passed, an unusable display name). */
  'invalid_request',
  /** A join URL was asked for before notBefore or after expiresAt. */
  'outside_join_window',
  /** The stored room reference is not one this provider made. */
  'invalid_room',
  /** The provider could not be reached, or did not answer in time. */
  'unreachable',
  /** The provider answered with an HTTP error status. */
  'rejected',
  /** The provider answered 2xx with something we cannot use. */
  'bad_response',
] as const;
export type VideoProviderErrorCode = (typeof VIDEO_PROVIDER_ERROR_CODES)[number];

/**
 * Anything that went wrong talking to (or configuring) a video provider. The message names
 * the provider, a short reason and the HTTP status; it never holds the trust's secret, a
 * provider response body (which could echo it) or a room address.
 */
export class VideoProviderError extends Error {
  constructor(
    readonly provider: VideoProviderKind,
    readonly code: VideoProviderErrorCode,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`${provider} video provider: ${reason}${status === undefined ? '' : ` (HTTP ${status})`}`);
    this.name = 'VideoProviderError';
  }
}
