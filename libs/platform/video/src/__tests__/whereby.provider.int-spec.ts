import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createVideoProvider,
  startLocalWherebyServer,
  VideoProviderError,
  type LocalWherebyServer,
  type VideoProvider,
  type VideoRoom,
} from '../index';

const API_KEY = 'wb-test-key-7c1d9e4f2a6b8c0d9e1f3a5b7c9d';
const MINUTE = 60_000;
const visitId = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
/** The test's clock: the local Whereby server's "not in the past" is checked against it. */
const NOW = new Date('2026-11-23T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);

async function caught(promise: Promise<unknown>): Promise<VideoProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VideoProviderError);
    return error as VideoProviderError;
  }
  throw new Error('expected a VideoProviderError');
}

/** Everything an error could show in a log line. */
function printed(error: Error): string {
  return `${String(error)} ${error.stack} ${JSON.stringify({ ...error })} ${JSON.stringify(error.cause ?? null)}`;
}

/** A stand-in API that answers every request with the given status and body. */
async function cannedApi(status: number, body: string, delayMs = 0): Promise<{ apiUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(body), delayMs).unref();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('Whereby video provider against the local Whereby server', () => {
  let whereby: LocalWherebyServer;
  let provider: VideoProvider;

  beforeEach(async () => {
    whereby = await startLocalWherebyServer({ apiKey: API_KEY, clock: () => NOW });
    provider = createVideoProvider({ provider: 'whereby', secret: API_KEY, wherebyApiUrl: whereby.apiUrl, now: () => NOW });
  });

  afterEach(() => whereby.close());

  it('creates a locked meeting ending with the visit, sending the key and nothing about the visit', async () => {
    const endsAt = at(90);

    const room = await provider.createRoom({ visitId, endsAt });

    expect(whereby.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/meetings',
        authorized: true,
        body: {
          endDate: endsAt.toISOString(),
          isLocked: true,
          roomMode: 'normal',
          roomNamePattern: 'uuid',
          fields: ['hostRoomUrl'],
        },
      },
    ]);
    expect(JSON.stringify(whereby.requests)).not.toContain(visitId);
    const [meeting] = [...whereby.meetings.values()];
    expect(meeting).toMatchObject({ endDate: endsAt.toISOString(), isLocked: true, deleted: false });
    expect(room.provider).toBe('whereby');
    expect(JSON.parse(room.roomRef)).toEqual({
      meetingId: meeting.meetingId,
      roomUrl: meeting.roomUrl,
      hostRoomUrl: meeting.hostRoomUrl,
    });
  });

  it("sends the visitor to roomUrl, never the host's URL, and the ward device to hostRoomUrl", async () => {
    const room = await provider.createRoom({ visitId, endsAt: at(90) });
    const [meeting] = [...whereby.meetings.values()];
    const window = { room, notBefore: at(-1), expiresAt: at(60) };

    const visitorUrl = await provider.visitorJoinUrl({ ...window, displayName: 'Visitor' });
    const staffUrl = await provider.staffJoinUrl({ ...window, displayName: 'Ward 6' });

    expect(visitorUrl).toBe(`${meeting.roomUrl}?displayName=Visitor`);
    expect(visitorUrl).not.toContain('roomKey');
    expect(visitorUrl).not.toContain(new URL(meeting.hostRoomUrl).searchParams.get('roomKey'));
    expect(staffUrl).toBe(`${meeting.hostRoomUrl}&displayName=Ward%206`);
  });

  it('refuses to mint join URLs for a created room outside the join window', async () => {
    const room = await provider.createRoom({ visitId, endsAt: at(90) });

    const late = await caught(
      provider.visitorJoinUrl({ room, notBefore: at(-60), expiresAt: at(-1), displayName: 'Visitor' }),
    );
    const early = await caught(provider.staffJoinUrl({ room, notBefore: at(1), expiresAt: at(60), displayName: 'Ward 6' }));

    expect(late.failure).toBe('outside_join_window');
    expect(early.failure).toBe('outside_join_window');
  });

  it('fails with a VideoProviderError naming the provider and status, never the key, when the key is wrong', async () => {
    const wrongKey = 'wb-wrong-key-0f9e8d7c6b5a4f3e2d1c0b9a8f7e';
    const misconfigured = createVideoProvider({ provider: 'whereby', secret: wrongKey, wherebyApiUrl: whereby.apiUrl, now: () => NOW });

    const error = await caught(misconfigured.createRoom({ visitId, endsAt: at(90) }));

    expect(error).toMatchObject({ provider: 'whereby', failure: 'rejected', status: 401 });
    expect(error.reason).toMatch(/API key refused/);
    expect(error).toMatchObject({ code: 'VIDEO_SERVICE_REFUSED', message: expect.stringMatching(/video service refused/) });
    expect(printed(error)).not.toContain(wrongKey);
    expect(printed(error)).not.toContain(API_KEY);
    expect(whereby.requests).toEqual([expect.objectContaining({ method: 'POST', authorized: false })]);
    expect(whereby.meetings.size).toBe(0);
  });

  it('closes the room by deleting the meeting, idempotently', async () => {
    const room = await provider.createRoom({ visitId, endsAt: at(90) });
    const { meetingId } = JSON.parse(room.roomRef) as { meetingId: string };

    await provider.closeRoom(room);
    await provider.closeRoom(room);

    expect(whereby.meetings.get(meetingId)?.deleted).toBe(true);
    expect(whereby.requests.slice(1)).toEqual([
      { method: 'DELETE', path: `/v1/meetings/${meetingId}`, authorized: true, body: undefined },
      { method: 'DELETE', path: `/v1/meetings/${meetingId}`, authorized: true, body: undefined },
    ]);
  });

  it('treats a meeting Whereby does not know (404) as already closed', async () => {
    const unknown: VideoRoom = {
      provider: 'whereby',
      roomRef: JSON.stringify({
        meetingId: '999999',
        roomUrl: 'https://localhost.whereby.test/vv-00000000000000000000000000000000',
        hostRoomUrl: 'https://localhost.whereby.test/vv-00000000000000000000000000000000?roomKey=gone',
      }),
    };

    await expect(provider.closeRoom(unknown)).resolves.toBeUndefined();

    expect(whereby.requests).toEqual([
      { method: 'DELETE', path: '/v1/meetings/999999', authorized: true, body: undefined },
    ]);
    expect(whereby.meetings.has('999999')).toBe(false);
  });

  it('does not treat a refused delete as closed', async () => {
    const room = await provider.createRoom({ visitId, endsAt: at(90) });
    const misconfigured = createVideoProvider({ provider: 'whereby', secret: 'wb-wrong-key-0123456789abcdef0123456789', wherebyApiUrl: whereby.apiUrl, now: () => NOW });

    const error = await caught(misconfigured.closeRoom(room));

    expect(error).toMatchObject({ failure: 'rejected', status: 401 });
    expect([...whereby.meetings.values()][0].deleted).toBe(false);
  });
});

describe('Whereby video provider when the API misbehaves', () => {
  const endsAt = () => at(90);

  it('reports an unreachable API as unreachable', async () => {
    const api = await cannedApi(201, '{}');
    await api.close();
    const provider = createVideoProvider({ provider: 'whereby', secret: API_KEY, wherebyApiUrl: api.apiUrl, now: () => NOW });

    const error = await caught(provider.createRoom({ visitId, endsAt: endsAt() }));

    expect(error).toMatchObject({ provider: 'whereby', failure: 'unreachable', status: undefined });
    expect(printed(error)).not.toContain(API_KEY);
  });

  it('gives up after fetchTimeoutMs', async () => {
    const api = await cannedApi(201, '{}', 5_000);
    try {
      const provider = createVideoProvider({
        provider: 'whereby',
        secret: API_KEY,
        wherebyApiUrl: api.apiUrl,
        fetchTimeoutMs: 200,
        now: () => NOW,
      });
      const started = Date.now();

      const error = await caught(provider.createRoom({ visitId, endsAt: endsAt() }));

      expect(error).toMatchObject({ failure: 'unreachable' });
      expect(error.reason).toMatch(/200 ms/);
      expect(error).toMatchObject({ code: 'VIDEO_SERVICE_UNAVAILABLE', message: 'The video service did not answer. Try again in a minute.' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await api.close();
    }
  });

  it('never repeats an error body, which could echo the key', async () => {
    const api = await cannedApi(400, JSON.stringify({ error: `bad request from Bearer ${API_KEY}` }));
    try {
      const provider = createVideoProvider({ provider: 'whereby', secret: API_KEY, wherebyApiUrl: api.apiUrl, now: () => NOW });

      const error = await caught(provider.createRoom({ visitId, endsAt: endsAt() }));

      expect(error).toMatchObject({ failure: 'rejected', status: 400 });
      expect(printed(error)).not.toContain(API_KEY);
      expect(printed(error)).not.toContain('bad request from');
    } finally {
      await api.close();
    }
  });

  it('refuses a created meeting without a host URL', async () => {
    const api = await cannedApi(201, JSON.stringify({ meetingId: '1', roomUrl: 'https://x.whereby.com/r', endDate: '' }));
    try {
      const provider = createVideoProvider({ provider: 'whereby', secret: API_KEY, wherebyApiUrl: api.apiUrl, now: () => NOW });

      const error = await caught(provider.createRoom({ visitId, endsAt: endsAt() }));

      expect(error).toMatchObject({ failure: 'bad_response', status: 201 });
    } finally {
      await api.close();
    }
  });
});
