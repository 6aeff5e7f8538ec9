import { makeNotifyApiKey, notifyServiceIdOf } from '../index';
import { notifyApiKeyParts } from '../notify-api-key';

const SERVICE_ID = '6f1c2a0e-3b4d-4c5e-8f60-718293a4b5c6';
const SECRET = 'd2e3f4a5-b6c7-4d8e-9f01-a2b3c4d5e6f7';

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('Notify API keys', () => {
  it('reads the service id and secret from {name}-{service id}-{secret}', () => {
    const key = makeNotifyApiKey('vv_live-key', SERVICE_ID, SECRET);

    expect(key).toBe(`vv_live-key-${SERVICE_ID}-${SECRET}`);
    expect(notifyServiceIdOf(key)).toBe(SERVICE_ID);
    expect(notifyApiKeyParts(key)).toEqual({ serviceId: SERVICE_ID, secret: SECRET });
  });

  it.each([
    ['no name', `${SERVICE_ID}-${SECRET}`],
    ['a secret that is not a UUID', `name-${SERVICE_ID}-${SECRET.slice(0, -1)}x`],
    ['a space in it', `my key-${SERVICE_ID}-${SECRET}`],
    ['a trailing newline', `name-${SERVICE_ID}-${SECRET}\n`],
    ['only a secret', SECRET],
    ['empty', ''],
  ])('refuses a key with %s, without printing it', (_, key) => {
    const error = thrown(() => notifyServiceIdOf(key));

    expect(error.message).toMatch(/is not a GOV\.UK Notify API key/);
    if (key) expect(`${error.message} ${error.stack}`).not.toContain(key.trim());
    expect(`${error.message} ${error.stack}`).not.toContain(SECRET);
  });

  it('refuses something that is not a string', () => {
    expect(() => notifyServiceIdOf(undefined as unknown as string)).toThrow(/is not a GOV\.UK Notify API key/);
  });

  it('makes keys only from UUIDs and a name without spaces', () => {
    expect(() => makeNotifyApiKey('name', 'not-a-uuid', SECRET)).toThrow(/service id must be a UUID/);
    expect(() => makeNotifyApiKey('name', SERVICE_ID, 'secret')).toThrow(/secret must be a UUID/);
    expect(() => makeNotifyApiKey('a name', SERVICE_ID, SECRET)).toThrow(/without spaces/);
  });
});
