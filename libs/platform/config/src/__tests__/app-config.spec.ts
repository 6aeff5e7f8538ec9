import { ConfigInvalidError, loadAppConfig } from '../app-config';

describe('loadAppConfig', () => {
  it('applies development defaults when nothing is set', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATABASE_URL: undefined, REDIS_URL: undefined });
  });

  it('names every missing production variable', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(ConfigInvalidError);
    try {
      loadAppConfig({ NODE_ENV: 'production' });
    } catch (error) {
      expect((error as ConfigInvalidError).problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'ENTRA_API_AUDIENCE', 'PUBLIC_BASE_URL', 'REDIS_URL', 'SECRETS_ENCRYPTION_KEY']);
    }
  });

  it('names a malformed variable without ever printing its value (it may hold a password)', () => {
    const secret = 'mysql://admin:S3cretPassw0rd@db.internal/visits';
    let message = '';
    try {
      loadAppConfig({ DATABASE_URL: secret, PORT: 'eighty' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DATABASE_URL must be a postgres:// connection URL');
    expect(message).toContain('PORT');
    expect(message).not.toContain('S3cretPassw0rd');
    expect(message).not.toContain('eighty');
  });

  it('treats an empty variable as unset', () => {
    expect(loadAppConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });
});
