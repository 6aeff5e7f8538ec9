import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createVideoProvider, VideoProviderError, type JoinRequest, type VideoProvider, type VideoRoom } from '../index';

const SECRET = 'kgh-jitsi-app-secret-0123456789abcdef';
const BASE_URL = 'https://meet.kgh.nhs.uk';
const MINUTE = 60_000;

function jitsi(overrides: { appId?: string; secret?: string } = {}): VideoProvider {
  return createVideoProvider({ provider: 'jitsi', secret: SECRET, baseUrl: BASE_URL, ...overrides });
}

/** Whole seconds, so the JWT's nbf/exp compare exactly. */
function secondsFromNow(minutes: number): Date {
  return new Date(Math.floor((Date.now() + minutes * MINUTE) / 1000) * 1000);
}

function openWindow(room: VideoRoom, displayName = 'Visitor'): JoinRequest {
  return { room, notBefore: secondsFromNow(-5), expiresAt: secondsFromNow(55), displayName };
}

async function tokenOf(joinUrl: string): Promise<{ room: string; token: string }> {
  const url = new URL(joinUrl);
  const token = url.searchParams.get('jwt');
  if (!token) throw new Error(`no jwt in ${joinUrl}`);
  return { room: url.pathname.slice(1), token };
}

async function verified(token: string, secret = SECRET) {
  return jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
}

describe('Jitsi video provider', () => {
  const visitId = '3f2a9c1e-0b6d-4e8f-9a7c-5d1e2f3a4b5c';

  it('creates rooms with unguessable names that hold nothing about the visit', async () => {
    const provider = jitsi();

    const rooms = await Promise.all(
      Array.from({ length: 500 }, () => provider.createRoom({ visitId, endsAt: secondsFromNow(60) })),
    );

    for (const room of rooms) {
      expect(room.provider).toBe('jitsi');
      expect(room.roomRef).toMatch(/^vv-[0-9a-f]{32}$/);
      expect(room.roomRef).not.toContain(visitId);
    }
    expect(new Set(rooms.map((room) => room.roomRef)).size).toBe(rooms.length);
  });

  it('refuses to create a room whose end has already passed', async () => {
    await expect(jitsi().createRoom({ visitId, endsAt: secondsFromNow(-1) })).rejects.toMatchObject({
      name: 'VideoProviderError',
      failure: 'invalid_request',
    });
  });

  it("gives the visitor a link to the room with a token holding exactly the platform's claims, not a moderator", async () => {
    const provider = jitsi({ appId: 'kgh-virtual-visits' });
    const room = await provider.createRoom({ visitId, endsAt: secondsFromNow(60) });
    const request = openWindow(room, 'Visitor');

    const joinUrl = await provider.visitorJoinUrl(request);

    const { room: roomInUrl, token } = await tokenOf(joinUrl);
    expect(joinUrl).toBe(`${BASE_URL}/${room.roomRef}?jwt=${token}`);
    expect(roomInUrl).toBe(room.roomRef);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await verified(token);
    expect(payload).toEqual({
      aud: 'jitsi',
      iss: 'kgh-virtual-visits',
      sub: 'meet.kgh.nhs.uk',
      room: room.roomRef,
      nbf: request.notBefore.getTime() / 1000,
      exp: request.expiresAt.getTime() / 1000,
      context: { user: { name: 'Visitor', moderator: false } },
    });
  });

  it('makes the ward device a moderator', async () => {
    const provider = jitsi();
    const room = await provider.createRoom({ visitId, endsAt: secondsFromNow(60) });

    const { token } = await tokenOf(await provider.staffJoinUrl(openWindow(room, 'Ward 6')));

    const { payload } = await verified(token);
    expect(payload.iss).toBe('virtual-visits');
    expect(payload.context).toEqual({ user: { name: 'Ward 6', moderator: true } });
  });

  it("signs with the trust's secret, so a token from another trust's secret is refused", async () => {
    const provider = jitsi();
    const room = await provider.createRoom({ visitId, endsAt: secondsFromNow(60) });
    const { token } = await tokenOf(await provider.visitorJoinUrl(openWindow(room)));

    await expect(verified(token, 'another-trust-secret-0123456789abcdef')).rejects.toThrow(/signature/);
  });

  it('refuses to mint a token once the window has closed, or before it opens', async () => {
    const provider = jitsi();
    const room = await provider.createRoom({ visitId, endsAt: secondsFromNow(60) });

    const expired = { room, notBefore: secondsFromNow(-60), expiresAt: secondsFromNow(-1), displayName: 'Visitor' };
    const early = { room, notBefore: secondsFromNow(10), expiresAt: secondsFromNow(70), displayName: 'Visitor' };

    await expect(provider.visitorJoinUrl(expired)).rejects.toMatchObject({ failure: 'outside_join_window' });
    await expect(provider.staffJoinUrl(expired)).rejects.toMatchObject({ failure: 'outside_join_window' });
    await expect(provider.visitorJoinUrl(early)).rejects.toMatchObject({ failure: 'outside_join_window' });
  });

  it("refuses rooms it did not make: another provider's, or a name that is not one of its own", async () => {
    const provider = jitsi();
    const ofWhereby: VideoRoom = { provider: 'whereby', roomRef: 'vv-00112233445566778899aabbccddeeff' };
    const forged: VideoRoom = { provider: 'jitsi', roomRef: '../admin' };

    await expect(provider.visitorJoinUrl(openWindow(ofWhereby))).rejects.toMatchObject({ failure: 'invalid_room' });
    await expect(provider.visitorJoinUrl(openWindow(forged))).rejects.toMatchObject({ failure: 'invalid_room' });
  });

  it('refuses an empty or overlong display name', async () => {
    const provider = jitsi();
    const room = await provider.createRoom({ visitId, endsAt: secondsFromNow(60) });

    await expect(provider.visitorJoinUrl(openWindow(room, '  '))).rejects.toMatchObject({ failure: 'invalid_request' });
    await expect(provider.visitorJoinUrl(openWindow(room, 'x'.repeat(101)))).rejects.toMatchObject({
      failure: 'invalid_request',
    });
  });

  it('closes rooms without a call (token expiry ends access), whether or not they exist', async () => {
    const provider = jitsi();
    const room = await provider.createRoom({ visitId, endsAt: secondsFromNow(60) });

    await expect(provider.closeRoom(room)).resolves.toBeUndefined();
    await expect(provider.closeRoom(room)).resolves.toBeUndefined();
  });

  it('is rejected at creation without the Meet server address, or with an insecure or pathed one', () => {
    const create = (baseUrl: string | undefined) => () => createVideoProvider({ provider: 'jitsi', secret: SECRET, baseUrl });

    for (const baseUrl of [undefined, '', 'meet.kgh.nhs.uk', 'http://meet.kgh.nhs.uk', 'https://meet.kgh.nhs.uk/tenant']) {
      expect(create(baseUrl)).toThrow(VideoProviderError);
      expect(create(baseUrl)).toThrow(/baseUrl/);
    }
    expect(create('https://meet.kgh.nhs.uk/')).not.toThrow();
  });

  it('is rejected at creation with a secret short enough to brute-force, without quoting it', () => {
    const weak = 'short-secret';
    const create = () => createVideoProvider({ provider: 'jitsi', secret: weak, baseUrl: BASE_URL });

    let error: unknown;
    try {
      create();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VideoProviderError);
    expect((error as VideoProviderError).failure).toBe('invalid_settings');
    expect((error as Error).message).toMatch(/secret must be 32 to 512 printable characters/);
    expect(`${(error as Error).message} ${(error as Error).stack}`).not.toContain(weak);
  });
});
