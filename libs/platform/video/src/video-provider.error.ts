import { DomainError, type ErrorCode } from '@vv/contracts';
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

/** The video settings a failure is about, when it is about one. */
export type VideoSetting = 'baseUrl' | 'secret' | 'appId' | 'wherebyApiUrl' | 'fetchTimeoutMs' | 'provider';

/**
 * Anything that went wrong talking to (or configuring) a video provider, as the answer the
 * caller gets: a code they can act on (try again, or ask the trust's digital team) and a plain
 * message. `failure`, `reason` and `status` say what happened for logs and tests; none of them
 * holds the trust's secret, a provider response body (which could echo it) or a room address.
 */
export class VideoProviderError extends DomainError {
  readonly code: ErrorCode;

  constructor(
    readonly provider: VideoProviderKind,
    readonly failure: VideoProviderErrorCode,
    readonly reason: string,
    readonly status?: number,
    readonly setting?: VideoSetting,
  ) {
    const answer = callerAnswer(failure, reason, status);
    super(answer.message);
    this.code = answer.code;
    this.name = 'VideoProviderError';
  }
}

function callerAnswer(failure: VideoProviderErrorCode, reason: string, status: number | undefined): { code: ErrorCode; message: string } {
  switch (failure) {
    case 'unreachable':
      return { code: 'VIDEO_SERVICE_UNAVAILABLE', message: 'The video service did not answer. Try again in a minute.' };
    case 'rejected':
      if (status === undefined || status === 429 || status >= 500) {
        return { code: 'VIDEO_SERVICE_UNAVAILABLE', message: 'The video service is busy or down. Try again in a minute.' };
      }
      return { code: 'VIDEO_SERVICE_REFUSED', message: "The video service refused to open the room. Ask the trust's digital team to check the video settings." };
    case 'bad_response':
      return { code: 'VIDEO_SERVICE_REFUSED', message: "The video service gave an answer the platform cannot use. Try again, and call the service desk if it keeps happening." };
    case 'invalid_settings':
      return { code: 'CONFLICT', message: `The trust's video settings cannot work (${reason}); ask the trust's digital team` };
    case 'outside_join_window':
      return { code: 'CONFLICT', message: reason === 'the join window has not opened yet' ? 'The video call is not open yet' : 'The video call has ended' };
    case 'invalid_request':
    case 'invalid_room':
      return { code: 'CONFLICT', message: 'This visit cannot be joined as it stands; start it again' };
  }
}
