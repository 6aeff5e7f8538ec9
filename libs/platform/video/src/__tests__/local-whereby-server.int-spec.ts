import { startLocalWherebyServer, type LocalWherebyServer } from '../index';

const API_KEY = 'local-whereby-key-3b5d7f9a1c3e5a7b9d1f3a5b';
const MINUTE = 60_000;
/** The test's clock: the local Whereby server's "not in the past" is checked against it. */
const NOW = new Date('2026-11-23T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE).toISOString();

describe('local Whereby server', () => {
  let whereby: LocalWherebyServer;

  beforeEach(async () => {
    whereby = await startLocalWherebyServer({ apiKey: API_KEY, clock: () => NOW });
  });

  afterEach(() => whereby.close());

  function call(method: string, path: string, body?: unknown, key: string | null = API_KEY) {
    return fetch(`${whereby.apiUrl}${path}`, {
      method,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  const validMeeting = () => ({ endDate: at(60), isLocked: true, roomMode: 'normal', fields: ['hostRoomUrl'] });

  it('refuses a missing or wrong key with 401, and records only whether the key was right', async () => {
    const missing = await call('POST', '/meetings', validMeeting(), null);
    const wrong = await call('POST', '/meetings', validMeeting(), 'not-the-key');
    const wrongDelete = await call('DELETE', '/meetings/1', undefined, 'not-the-key');

    expect([missing.status, wrong.status, wrongDelete.status]).toEqual([401, 401, 401]);
    expect(whereby.requests.map((request) => request.authorized)).toEqual([false, false, false]);
    expect(whereby.meetings.size).toBe(0);
  });

  it('never stores the Authorization header', async () => {
    await call('POST', '/meetings', validMeeting());

    expect(whereby.requests).toHaveLength(1);
    expect(whereby.requests[0].authorized).toBe(true);
    expect(JSON.stringify(whereby.requests)).not.toContain(API_KEY);
    expect(Object.keys(whereby.requests[0]).sort()).toEqual(['authorized', 'body', 'method', 'path']);
  });

  it('creates meetings with unguessable room URLs and a host URL carrying a roomKey', async () => {
    const endDate = at(60);

    const first = await call('POST', '/meetings', { ...validMeeting(), endDate });
    const second = await call('POST', '/meetings', validMeeting());

    expect(first.status).toBe(201);
    const a = (await first.json()) as Record<string, string>;
    const b = (await second.json()) as Record<string, string>;
    expect(a).toEqual({
      meetingId: expect.any(String),
      roomName: expect.any(String),
      roomUrl: expect.stringMatching(/^https:\/\/localhost\.whereby\.test\/vv-[0-9a-f]{32}$/),
      hostRoomUrl: expect.stringMatching(/\?roomKey=[A-Za-z0-9_-]{32}$/),
      startDate: expect.any(String),
      endDate,
    });
    expect(a.hostRoomUrl.startsWith(`${a.roomUrl}?`)).toBe(true);
    expect(b.roomUrl).not.toBe(a.roomUrl);
    expect(b.meetingId).not.toBe(a.meetingId);
    expect(whereby.meetings.get(a.meetingId)).toEqual({
      meetingId: a.meetingId,
      roomUrl: a.roomUrl,
      hostRoomUrl: a.hostRoomUrl,
      endDate,
      isLocked: true,
      deleted: false,
    });
  });

  it('returns hostRoomUrl only when fields asks for it, as Whereby does', async () => {
    const { fields: _fields, ...withoutFields } = validMeeting();

    const response = await call('POST', '/meetings', withoutFields);

    expect(response.status).toBe(201);
    expect(await response.json()).not.toHaveProperty('hostRoomUrl');
  });

  it.each([
    ['a missing endDate', { isLocked: true }, /endDate is required/],
    ['an endDate that is not a date-time', { endDate: 'tomorrow', isLocked: true }, /endDate must be an ISO 8601/],
    ['an endDate in the past', { endDate: at(-1), isLocked: true }, /endDate must be the same or after/],
    ['an unlocked room', { endDate: at(60), isLocked: false }, /isLocked must be true/],
    ['no isLocked at all', { endDate: at(60) }, /isLocked must be true/],
    ['a room name prefix', { endDate: at(60), isLocked: true, roomNamePrefix: 'smith' }, /roomNamePrefix/],
    ['a guessable room name pattern', { endDate: at(60), isLocked: true, roomNamePattern: 'human-short' }, /guessable/],
    ['an unknown room mode', { endDate: at(60), isLocked: true, roomMode: 'huge' }, /roomMode/],
    ['a misspelt field', { endDate: at(60), isLocked: true, isLock: true }, /Unknown field: isLock/],
    ['an unknown extra field', { endDate: at(60), isLocked: true, fields: ['hostUrl'] }, /fields/],
    ['a body that is not JSON', '{"endDate":', /JSON/],
  ])('refuses %s with 400 and says why', async (_case, body, message) => {
    const response = await call('POST', '/meetings', body);

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
    expect(whereby.meetings.size).toBe(0);
  });

  it('deletes meetings (204, again 204 as Whereby is idempotent) and answers 404 for one it never made', async () => {
    const created = (await (await call('POST', '/meetings', validMeeting())).json()) as { meetingId: string };

    const first = await call('DELETE', `/meetings/${created.meetingId}`);
    const again = await call('DELETE', `/meetings/${created.meetingId}`);
    const unknown = await call('DELETE', '/meetings/424242');

    expect([first.status, again.status, unknown.status]).toEqual([204, 204, 404]);
    expect(whereby.meetings.get(created.meetingId)?.deleted).toBe(true);
  });

  it('answers 404 outside the API it speaks', async () => {
    const response = await call('GET', '/rooms');

    expect(response.status).toBe(404);
  });
});
