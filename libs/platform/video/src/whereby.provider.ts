import { checkJoinRequest, checkRoomProvider, checkRoomRequest } from './join-request.check';
import type { JoinRequest, VideoProvider, VideoRoom, VideoRoomRequest } from './video-provider';
import { VideoProviderError } from './video-provider.error';

export interface WherebyProviderOptions {
  /** e.g. https://api.whereby.dev/v1 (no trailing slash). */
  apiUrl: string;
  apiKey: string;
  fetchTimeoutMs: number;
  now: () => Date;
}

/** What the platform keeps for a Whereby room (the VideoRoom's roomRef, as JSON). */
interface WherebyRoomRef {
  meetingId: string;
  roomUrl: string;
  hostRoomUrl: string;
}

/**
 * Whereby Embedded through its REST API (https://docs.whereby.com/reference/whereby-rest-api-reference).
 * Each visit gets its own transient meeting, created locked (visitors knock; the ward device,
 * joining as host, lets them in) with Whereby's default random UUID room name and no name
 * prefix, so nothing about the visit is in the address. Whereby keeps a meeting open until an
 * hour after its endDate, and its room URLs carry no expiry of their own: so the join window is
 * enforced here, when the URL is minted, and the visit closes the room when it ends.
 */
export class WherebyVideoProvider implements VideoProvider {
  readonly kind = 'whereby' as const;

  constructor(private readonly options: WherebyProviderOptions) {}

  async createRoom(request: VideoRoomRequest): Promise<VideoRoom> {
    checkRoomRequest(this.kind, request, this.options.now());
    const response = await this.call('create room', 'POST', '/meetings', {
      endDate: request.endsAt.toISOString(),
      isLocked: true,
      roomMode: 'normal',
      roomNamePattern: 'uuid',
      fields: ['hostRoomUrl'],
    });
    if (!response.ok) throw await this.rejected('create room', response);
    const meeting = await this.readMeeting(response);
    const roomRef: WherebyRoomRef = {
      meetingId: meeting.meetingId,
      roomUrl: meeting.roomUrl,
      hostRoomUrl: meeting.hostRoomUrl,
    };
    return { provider: this.kind, roomRef: JSON.stringify(roomRef) };
  }

  async visitorJoinUrl(request: JoinRequest): Promise<string> {
    const displayName = checkJoinRequest(this.kind, request, this.options.now());
    return withDisplayName(this.parseRoomRef(request.room).roomUrl, displayName);
  }

  async staffJoinUrl(request: JoinRequest): Promise<string> {
    const displayName = checkJoinRequest(this.kind, request, this.options.now());
    return withDisplayName(this.parseRoomRef(request.room).hostRoomUrl, displayName);
  }

  /** DELETE is idempotent at Whereby (204 again for a deleted meeting); 404 means it is already gone. */
  async closeRoom(room: VideoRoom): Promise<void> {
    const { meetingId } = this.parseRoomRef(room);
    const response = await this.call('close room', 'DELETE', `/meetings/${encodeURIComponent(meetingId)}`);
    if (response.ok || response.status === 404) {
      await response.body?.cancel();
      return;
    }
    throw await this.rejected('close room', response);
  }

  private async call(action: string, method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.options.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // the API never redirects; following one could carry the key somewhere else
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.fetchTimeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      // only the reason: the underlying error is never attached, so nothing it holds can leak
      throw new VideoProviderError(
        this.kind,
        'unreachable',
        timedOut ? `${action}: no answer within ${this.options.fetchTimeoutMs} ms` : `${action}: could not reach the API`,
      );
    }
  }

  /** The status only: a response body could quote what was sent, the key included. */
  private async rejected(action: string, response: Response): Promise<VideoProviderError> {
    await response.body?.cancel();
    const why = response.status === 401 ? 'API key refused' : response.status === 429 ? 'rate limited' : 'refused';
    return new VideoProviderError(this.kind, 'rejected', `${action}: ${why}`, response.status);
  }

  private async readMeeting(response: Response): Promise<WherebyRoomRef> {
    let meeting: unknown;
    try {
      meeting = await response.json();
    } catch {
      throw new VideoProviderError(this.kind, 'bad_response', 'create room: the answer was not JSON', response.status);
    }
    if (!isRoomRef(meeting)) {
      throw new VideoProviderError(
        this.kind,
        'bad_response',
        'create room: the answer lacked meetingId, an https roomUrl or an https hostRoomUrl',
        response.status,
      );
    }
    return meeting;
  }

  private parseRoomRef(room: VideoRoom): WherebyRoomRef {
    checkRoomProvider(this.kind, room);
    let ref: unknown;
    try {
      ref = JSON.parse(room.roomRef);
    } catch {
      ref = undefined;
    }
    if (!isRoomRef(ref)) throw new VideoProviderError(this.kind, 'invalid_room', 'not a room reference this provider made');
    return ref;
  }
}

function isRoomRef(value: unknown): value is WherebyRoomRef {
  if (typeof value !== 'object' || value === null) return false;
  const { meetingId, roomUrl, hostRoomUrl } = value as Record<string, unknown>;
  return typeof meetingId === 'string' && meetingId.length > 0 && isHttpsUrl(roomUrl) && isHttpsUrl(hostRoomUrl);
}

function isHttpsUrl(value: unknown): value is string {
  return typeof value === 'string' && URL.canParse(value) && new URL(value).protocol === 'https:';
}

/**
 * Whereby's `displayName` room URL parameter (up to 100 characters), percent-encoded; added to
 * whatever the room URL already carries (the host URL's `roomKey`).
 */
function withDisplayName(roomUrl: string, displayName: string): string {
  const url = new URL(roomUrl);
  const parameter = `displayName=${encodeURIComponent(displayName)}`;
  url.search = url.search ? `${url.search}&${parameter}` : `?${parameter}`;
  return url.toString();
}
