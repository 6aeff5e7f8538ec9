import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { checkJoinRequest, checkRoomProvider, checkRoomRequest } from './join-request.check';
import type { JoinRequest, VideoProvider, VideoRoom, VideoRoomRequest } from './video-provider';
import { VideoProviderError } from './video-provider.error';

export interface JitsiProviderOptions {
  /** The trust's Jitsi Meet origin, e.g. https://meet.kgh.nhs.uk (no path, no trailing slash). */
  baseUrl: string;
  /** The prosody token plugin's app_id: the JWT `iss`. */
  appId: string;
  /** The prosody token plugin's app_secret: the HS256 key. */
  secret: string;
  now: () => Date;
}

/** 128 random bits, lowercase hex: a room name nobody can guess, holding nothing about the visit. */
const ROOM_NAME = /^vv-[0-9a-f]{32}$/;

/**
 * A trust's self-hosted Jitsi Meet with JWT authentication (prosody `authentication = "token"`,
 * `token_verification` on the MUC). Rooms need no API call: a room exists once someone holding
 * a token for its name joins. Every join URL carries a token for exactly one room, valid from
 * notBefore to expiresAt; only the ward device's token is a moderator's.
 */
export class JitsiVideoProvider implements VideoProvider {
  readonly kind = 'jitsi' as const;
  private readonly key: Uint8Array;
  /** The JWT `sub`: the lowercase XMPP domain, i.e. the host of the Meet URL without a port. */
  private readonly domain: string;

  constructor(private readonly options: JitsiProviderOptions) {
    this.key = new TextEncoder().encode(options.secret);
    this.domain = new URL(options.baseUrl).hostname;
  }

  async createRoom(request: VideoRoomRequest): Promise<VideoRoom> {
    checkRoomRequest(this.kind, request, this.options.now());
    return { provider: this.kind, roomRef: `vv-${randomBytes(16).toString('hex')}` };
  }

  visitorJoinUrl(request: JoinRequest): Promise<string> {
    return this.joinUrl(request, false);
  }

  staffJoinUrl(request: JoinRequest): Promise<string> {
    return this.joinUrl(request, true);
  }

  /** Nothing to delete: the room lives only while people are in it, and every token for it expires. */
  async closeRoom(room: VideoRoom): Promise<void> {
    checkRoomProvider(this.kind, room);
  }

  private async joinUrl(request: JoinRequest, moderator: boolean): Promise<string> {
    const name = checkJoinRequest(this.kind, request, this.options.now());
    const room = request.room.roomRef;
    if (!ROOM_NAME.test(room)) throw new VideoProviderError(this.kind, 'invalid_room', 'not a room name this provider made');
    const token = await new SignJWT({ room, context: { user: { name, moderator } } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setAudience('jitsi')
      .setIssuer(this.options.appId)
      .setSubject(this.domain)
      .setNotBefore(Math.floor(request.notBefore.getTime() / 1000))
      .setExpirationTime(Math.floor(request.expiresAt.getTime() / 1000))
      .sign(this.key);
    return `${this.options.baseUrl}/${room}?jwt=${token}`;
  }
}
