import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listen } from '@vv/platform/testing';

export interface LocalWherebyMeeting {
  meetingId: string;
  roomUrl: string;
  hostRoomUrl: string;
  endDate: string;
  isLocked: boolean;
  deleted: boolean;
}

export interface LocalWherebyRequest {
  method: string;
  /** Path only, no query. */
  path: string;
  /** Whether the request carried `Authorization: Bearer <the api key>`; the header itself is never kept. */
  authorized: boolean;
  /** The parsed JSON body, or undefined when there was none (or it was not JSON). */
  body: unknown;
}

/** A local server that speaks the Whereby REST API subset we use, and checks what it receives. */
export interface LocalWherebyServer {
  /** e.g. http://127.0.0.1:PORT/v1 */
  readonly apiUrl: string;
  readonly meetings: ReadonlyMap<string, Readonly<LocalWherebyMeeting>>;
  readonly requests: readonly Readonly<LocalWherebyRequest>[];
  close(): Promise<void>;
}

export interface LocalWherebyServerOptions {
  /** The only Bearer token accepted. */
  apiKey: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** The clock "not in the past" is checked against: the platform's, so tests that move time move it here too. Required, so a test never runs on today's date without saying so. */
  clock: () => Date;
}

/** Where the local server's rooms claim to live: a reserved name (RFC 2606 .test) that resolves nowhere. */
export const LOCAL_WHEREBY_ROOM_ORIGIN = 'https://localhost.whereby.test';

const MAX_BODY_BYTES = 64 * 1024;
const CREATE_FIELDS = new Set(['endDate', 'startDate', 'isLocked', 'roomMode', 'roomNamePrefix', 'roomNamePattern', 'fields']);
const ROOM_MODES = new Set(['normal', 'group']);
const EXTRA_FIELDS = new Set(['hostRoomUrl', 'viewerRoomUrl']);
/** ISO 8601 date-time; without an offset Whereby reads it as UTC. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts a stand-in for https://api.whereby.dev/v1 for development and tests:
 * `POST /v1/meetings` and `DELETE /v1/meetings/{meetingId}`, Bearer-key checked (401 otherwise).
 *
 * Besides Whereby's own rules (endDate required, ISO 8601, not in the past; documented enums and
 * field names, unknown fields refused so a misspelt one cannot pass unnoticed) it refuses what
 * the platform must never send: an unlocked room (visitors must knock and be admitted), a room
 * name prefix (room names carry nothing about a visit) and the guessable `human-short` pattern.
 * Room URLs hold 128 random bits; host URLs add a random `roomKey`, as Whereby's do.
 * Refuses to start when NODE_ENV is production.
 */
export async function startLocalWherebyServer(options: LocalWherebyServerOptions): Promise<LocalWherebyServer> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The local Whereby server is for development and tests only, never with NODE_ENV=production.');
  }
  if (typeof options?.apiKey !== 'string' || !options.apiKey) throw new Error('The local Whereby server needs an apiKey.');

  const keyDigest = digest(options.apiKey);
  const meetings = new Map<string, LocalWherebyMeeting>();
  const requests: LocalWherebyRequest[] = [];
  let nextMeetingId = 1;
  const clock = options.clock;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const method = req.method ?? 'GET';
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const authorized = bearer !== undefined && timingSafeEqual(digest(bearer), keyDigest);
    const record: LocalWherebyRequest = { method, path, authorized, body: undefined };
    requests.push(record);
    try {
      const raw = await readBody(req);
      record.body = parseJson(raw);

      const meetingPath = /^\/v1\/meetings\/([^/]+)$/.exec(path);
      if (path !== '/v1/meetings' && !meetingPath) throw new ApiError(404, 'Not found');
      if (path === '/v1/meetings' && method !== 'POST') throw new ApiError(405, 'Method not allowed');
      if (meetingPath && method !== 'DELETE') throw new ApiError(405, 'Method not allowed');
      if (!authorized) throw new ApiError(401, 'Access token is missing or invalid');

      if (meetingPath) {
        // Whereby: "idempotent, it will return the same response even if the meeting has already been deleted"
        const meeting = meetings.get(decodeURIComponent(meetingPath[1]));
        if (!meeting) throw new ApiError(404, "The requested resource doesn't exist");
        meeting.deleted = true;
        res.writeHead(204).end();
        return;
      }

      if (raw.length > 0 && record.body === undefined) throw new ApiError(400, 'Body must be JSON');
      const created = createMeeting(record.body, String(nextMeetingId), clock());
      nextMeetingId += 1;
      meetings.set(created.meeting.meetingId, created.meeting);
      send(res, 201, created.response);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 500;
      const message = error instanceof ApiError ? error.message : 'Internal error';
      send(res, status, { error: message });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    meetings,
    requests,
    close: () => closeServer(server),
  };
}

function createMeeting(body: unknown, meetingId: string, now: Date): { meeting: LocalWherebyMeeting; response: object } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'Body must be a JSON object');
  const input = body as Record<string, unknown>;
  const unknownField = Object.keys(input).find((key) => !CREATE_FIELDS.has(key));
  if (unknownField !== undefined) throw new ApiError(400, `Unknown field: ${unknownField}`);

  const { endDate, isLocked, roomMode, roomNamePrefix, roomNamePattern, fields } = input;
  if (endDate === undefined) throw new ApiError(400, 'endDate is required');
  const end = typeof endDate === 'string' ? parseDateTime(endDate) : undefined;
  if (!end) throw new ApiError(400, 'endDate must be an ISO 8601 date-time');
  if (end.getTime() < now.getTime()) throw new ApiError(400, 'endDate must be the same or after the current date');
  if (isLocked !== true) throw new ApiError(400, 'isLocked must be true: visitors knock and the ward lets them in');
  if (roomMode !== undefined && !ROOM_MODES.has(roomMode as string)) {
    throw new ApiError(400, 'roomMode must be "normal" or "group"');
  }
  if (roomNamePrefix !== undefined) throw new ApiError(400, 'roomNamePrefix must not be sent: room names carry nothing about a visit');
  if (roomNamePattern !== undefined && roomNamePattern !== 'uuid') {
    throw new ApiError(400, roomNamePattern === 'human-short' ? 'roomNamePattern "human-short" is guessable' : 'roomNamePattern must be "uuid"');
  }
  if (fields !== undefined && (!Array.isArray(fields) || !fields.every((field) => EXTRA_FIELDS.has(field)))) {
    throw new ApiError(400, 'fields must be a list of "hostRoomUrl" and/or "viewerRoomUrl"');
  }

  const roomUrl = `${LOCAL_WHEREBY_ROOM_ORIGIN}/vv-${randomBytes(16).toString('hex')}`;
  const hostRoomUrl = `${roomUrl}?roomKey=${randomBytes(24).toString('base64url')}`;
  const meeting: LocalWherebyMeeting = {
    meetingId,
    roomUrl,
    hostRoomUrl,
    endDate: end.toISOString(),
    isLocked: true,
    deleted: false,
  };
  const wanted = new Set(fields as string[] | undefined);
  const response = {
    meetingId,
    roomName: new URL(roomUrl).pathname,
    roomUrl,
    startDate: now.toISOString(),
    endDate: meeting.endDate,
    ...(wanted.has('hostRoomUrl') ? { hostRoomUrl } : {}),
    ...(wanted.has('viewerRoomUrl') ? { viewerRoomUrl: `${roomUrl}?viewerKey=${randomBytes(24).toString('base64url')}` } : {}),
  };
  return { meeting, response };
}

function parseDateTime(value: string): Date | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const date = new Date(match[1] ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'Body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}


