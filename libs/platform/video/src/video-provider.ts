export type VideoProviderKind = 'whereby' | 'jitsi';

/** What the visit stores: opaque to callers, never shown to visitors. */
export interface VideoRoom {
  readonly provider: VideoProviderKind;
  readonly roomRef: string;
}

export interface VideoRoomRequest {
  /** Opaque id used only for logs/correlation; never put it in a room name. */
  readonly visitId: string;
  /** The room must stop working after this (the visit's link window end). */
  readonly endsAt: Date;
}

export interface JoinRequest {
  readonly room: VideoRoom;
  /** The credential is not valid before this. */
  readonly notBefore: Date;
  /** The credential is not valid after this. */
  readonly expiresAt: Date;
  /** e.g. "Visitor" or "Ward 6": never a patient's name. At most 100 characters. */
  readonly displayName: string;
}

/**
 * One trust's video service. Join URLs are minted only while the join window is open
 * (notBefore ≤ now ≤ expiresAt) and only when someone is about to use them: the visitor
 * page mints the visitor's at the moment the platform's own link is opened.
 */
export interface VideoProvider {
  readonly kind: VideoProviderKind;
  createRoom(request: VideoRoomRequest): Promise<VideoRoom>;
  /** The address a visitor is sent to at join time: not a moderator/host. */
  visitorJoinUrl(request: JoinRequest): Promise<string>;
  /** The address the ward device uses: host/moderator. */
  staffJoinUrl(request: JoinRequest): Promise<string>;
  /** Ends the room early (visit cancelled/completed); idempotent; unknown rooms are fine. */
  closeRoom(room: VideoRoom): Promise<void>;
}

export interface VideoProviderSettings {
  provider: VideoProviderKind;
  /** The trust's secret: Whereby API key, or the Jitsi app secret (HS256). */
  secret: string;
  /** Jitsi: https URL of the trust's self-hosted Jitsi Meet (e.g. https://meet.kgh.nhs.uk). Required for jitsi. */
  baseUrl?: string;
  /** Jitsi: the JWT `iss`/app id configured on the Jitsi server (default 'virtual-visits'). */
  appId?: string;
  /** Whereby REST API base (default https://api.whereby.dev/v1); tests and `npm start` point it at the local server. */
  wherebyApiUrl?: string;
  /** Default 10000. */
  fetchTimeoutMs?: number;
  /** The clock join windows are checked against (the platform's; tests move it). Default: the system clock. */
  now?: () => Date;
}
