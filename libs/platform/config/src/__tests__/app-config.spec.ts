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

  describe('each process checks only what it uses', () => {
    const problems = (env: NodeJS.ProcessEnv, role: Parameters<typeof loadAppConfig>[1]) => {
      try {
        loadAppConfig(env, role);
        return [];
      } catch (error) {
        return (error as ConfigInvalidError).problems.map((p) => p.variable);
      }
    };
    const database = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://owner@db/vv' };

    it('migrations need the database and nothing else', () => {
      expect(problems(database, 'migrate')).toEqual([]);
      expect(problems({ NODE_ENV: 'production', DATABASE_MIGRATION_URL: 'postgresql://owner@db/vv' }, 'migrate')).toEqual([]);
      expect(problems({ NODE_ENV: 'production' }, 'migrate')).toEqual(['DATABASE_URL']);
    });

    it('the worker needs Redis, the public address and the sealing key, not the sign-in settings', () => {
      expect(problems(database, 'worker')).toEqual(['PUBLIC_BASE_URL', 'SECRETS_ENCRYPTION_KEY', 'REDIS_URL']);
    });

    it('the API needs everything', () => {
      expect(problems(database, 'api')).toEqual(['ENTRA_API_AUDIENCE', 'PUBLIC_BASE_URL', 'SECRETS_ENCRYPTION_KEY', 'REDIS_URL']);
    });
  });

  it('reads the trusted proxies and the CORS allow-list, refusing what they cannot mean', () => {
    expect(loadAppConfig({}).TRUST_PROXY).toBe(false);
    expect(loadAppConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadAppConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => loadAppConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(loadAppConfig({}).CORS_ORIGINS).toEqual([]);
    expect(loadAppConfig({ CORS_ORIGINS: 'https://ward-app.example.nhs.uk' }).CORS_ORIGINS).toEqual(['https://ward-app.example.nhs.uk']);
    expect(() => loadAppConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });
});
