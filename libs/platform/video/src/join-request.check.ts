import type { JoinRequest, VideoProviderKind, VideoRoom, VideoRoomRequest } from './video-provider';
import { VideoProviderError } from './video-provider.error';

/** Whereby's limit for its displayName parameter; Jitsi has none worth relying on, so one rule for both. */
const MAX_DISPLAY_NAME_LENGTH = 100;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** A room must end in the future: a room whose window already closed is never created. */
export function checkRoomRequest(provider: VideoProviderKind, request: VideoRoomRequest, now: Date): void {
  if (!isValidDate(request.endsAt)) throw new VideoProviderError(provider, 'invalid_request', 'endsAt is not a valid date');
  if (request.endsAt.getTime() <= now.getTime()) {
    throw new VideoProviderError(provider, 'invalid_request', 'endsAt has already passed');
  }
}

/**
 * The checks every join URL goes through, whichever provider mints it: the room is this
 * provider's, the window is well-formed and open right now, and the display name is usable.
 * Returns the display name as it will be shown (trimmed).
 */
export function checkJoinRequest(provider: VideoProviderKind, request: JoinRequest, now: Date): string {
  checkRoomProvider(provider, request.room);
  const { notBefore, expiresAt } = request;
  if (!isValidDate(notBefore) || !isValidDate(expiresAt)) {
    throw new VideoProviderError(provider, 'invalid_request', 'notBefore and expiresAt must be valid dates');
  }
  if (notBefore.getTime() >= expiresAt.getTime()) {
    throw new VideoProviderError(provider, 'invalid_request', 'notBefore must be before expiresAt');
  }
  if (now.getTime() < notBefore.getTime()) {
    throw new VideoProviderError(provider, 'outside_join_window', 'the join window has not opened yet');
  }
  if (now.getTime() > expiresAt.getTime()) {
    throw new VideoProviderError(provider, 'outside_join_window', 'the join window has closed');
  }
  const displayName = typeof request.displayName === 'string' ? request.displayName.trim() : '';
  if (!displayName || displayName.length > MAX_DISPLAY_NAME_LENGTH || CONTROL_CHARACTERS.test(displayName)) {
    throw new VideoProviderError(
      provider,
      'invalid_request',
      `displayName must be 1 to ${MAX_DISPLAY_NAME_LENGTH} printable characters`,
    );
  }
  return displayName;
}

export function checkRoomProvider(provider: VideoProviderKind, room: VideoRoom): void {
  if (room?.provider !== provider || typeof room.roomRef !== 'string') {
    throw new VideoProviderError(provider, 'invalid_room', 'the room was not made by this provider');
  }
}
