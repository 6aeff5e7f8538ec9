import { createVideoProvider, VideoProviderError, type VideoRoom } from '../index';

/** What needs no API: the settings checks and the join window, against a stored room reference. */
describe('Whereby video provider (no network)', () => {
  const API_KEY = 'whereby-api-key-for-unit-tests-0123456789';
  const MINUTE = 60_000;
  const at = (minutes: number) => new Date(Date.now() + minutes * MINUTE);
  const room: VideoRoom = {
    provider: 'whereby',
    roomRef: JSON.stringify({
      meetingId: '42',
      roomUrl: 'https://example.whereby.com/0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3',
      hostRoomUrl: 'https://example.whereby.com/0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3?roomKey=c2VjcmV0LWhvc3Qta2V5',
    }),
  };

  it("mints the visitor's URL from roomUrl and the ward's from hostRoomUrl, with the display name encoded", async () => {
    const provider = createVideoProvider({ provider: 'whereby', secret: API_KEY });
    const window = { room, notBefore: at(-5), expiresAt: at(55) };

    const visitor = await provider.visitorJoinUrl({ ...window, displayName: 'Visitor' });
    const staff = await provider.staffJoinUrl({ ...window, displayName: 'Ward 6 & ICU' });

    expect(visitor).toBe('https://example.whereby.com/0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3?displayName=Visitor');
    expect(visitor).not.toContain('roomKey');
    expect(staff).toBe(
      'https://example.whereby.com/0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3?roomKey=c2VjcmV0LWhvc3Qta2V5&displayName=Ward%206%20%26%20ICU',
    );
  });

  it('refuses to mint a join URL outside [notBefore, expiresAt], since Whereby URLs never expire by themselves', async () => {
    const provider = createVideoProvider({ provider: 'whereby', secret: API_KEY });
    const closed = { room, notBefore: at(-60), expiresAt: at(-1), displayName: 'Visitor' };
    const notYet = { room, notBefore: at(5), expiresAt: at(65), displayName: 'Visitor' };

    for (const request of [closed, notYet]) {
      await expect(provider.visitorJoinUrl(request)).rejects.toMatchObject({
        name: 'VideoProviderError',
        provider: 'whereby',
        failure: 'outside_join_window',
      });
      await expect(provider.staffJoinUrl(request)).rejects.toMatchObject({ failure: 'outside_join_window' });
    }
  });

  it("refuses a room reference it did not make, or another provider's room", async () => {
    const provider = createVideoProvider({ provider: 'whereby', secret: API_KEY });
    const window = { notBefore: at(-5), expiresAt: at(55), displayName: 'Visitor' };
    const plainHttp: VideoRoom = {
      provider: 'whereby',
      roomRef: JSON.stringify({ meetingId: '1', roomUrl: 'http://evil.example/r', hostRoomUrl: 'http://evil.example/r?roomKey=x' }),
    };

    await expect(provider.visitorJoinUrl({ ...window, room: { provider: 'whereby', roomRef: 'not json' } })).rejects.toMatchObject({
      failure: 'invalid_room',
    });
    await expect(provider.visitorJoinUrl({ ...window, room: plainHttp })).rejects.toMatchObject({ failure: 'invalid_room' });
    await expect(provider.closeRoom({ provider: 'jitsi', roomRef: 'vv-00112233445566778899aabbccddeeff' })).rejects.toMatchObject({
      failure: 'invalid_room',
    });
  });

  it('is rejected at creation without a key, or with an API address that would send the key in the clear', () => {
    const create = (secret: string, wherebyApiUrl?: string) => () =>
      createVideoProvider({ provider: 'whereby', secret, wherebyApiUrl });

    expect(create('')).toThrow(VideoProviderError);
    // a fragment of a key is refused here, not by Whereby at every visit's start
    expect(create('short')).toThrow('secret must be 32 to 512 printable characters, without spaces');
    expect(create('x'.repeat(31))).toThrow(VideoProviderError);
    expect(create(API_KEY, 'http://api.whereby.dev/v1')).toThrow(/wherebyApiUrl/);
    expect(create(API_KEY, 'https://api.whereby.dev/v1?key=x')).toThrow(/wherebyApiUrl/);
    expect(create(API_KEY, 'http://127.0.0.1:4100/v1')).not.toThrow();
    expect(create(API_KEY)).not.toThrow();
  });

  it('is rejected at creation with an unusable fetch timeout', () => {
    for (const fetchTimeoutMs of [0, -1, 1.5, 600_000]) {
      expect(() => createVideoProvider({ provider: 'whereby', secret: API_KEY, fetchTimeoutMs })).toThrow(/fetchTimeoutMs/);
    }
  });
});
