import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_API_AUDIENCE } from '@vv/platform/config';
import { requestDemoAccessToken } from '@vv/platform/identity-provider';
import { DEMO_TENANTS } from '@vv/demo';

/**
 * `npm start` with nothing but Node: embedded PostgreSQL, in-process jobs, demo trusts.
 * Runs the built local runner exactly as `npm start` does, on a fresh data folder.
 */
it('starts on embedded defaults, answers GraphQL and health, and stops on SIGTERM', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vv-embedded-'));
  const port = await freePort();
  const idpPort = await freePort();
  const webPort = await freePort();
  const env = { ...process.env, EMBEDDED_DATA_DIR: dataDir, PORT: String(port), LOCAL_IDP_PORT: String(idpPort), WEB_PORT: String(webPort), LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv;
  for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'REDIS_URL', 'NODE_ENV', 'ENTRA_AUTHORITY_BASE', 'WEB_PUBLIC_URL']) delete env[name];
  const child = spawn(process.execPath, ['dist/apps/local/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 150_000; // a cold embedded database on a busy machine
    while (!output.includes('Virtual Visits is running') && Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`local runner exited early:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(output).toContain(`GraphQL endpoint: http://127.0.0.1:${port}/graphql`);
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    // a demo nurse signs in through the built-in identity provider and sees her ward
    const token = await requestDemoAccessToken({ authorityBase: `http://127.0.0.1:${idpPort}`, tenantId: DEMO_TENANTS.nhsmail, email: 'nurse.rnq@nhs.net', audience: DEV_API_AUDIENCE });
    const signedIn = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { activeTrust } wards { code } }' }),
    });
    expect(await signedIn.json()).toEqual({ data: { me: { activeTrust: 'RNQ' }, wards: [{ code: 'ED' }] } });
    // the staff console answers beside the API and sends sign-in to the built-in provider's page
    expect(output).toContain(`Staff console:    http://localhost:${webPort}`);
    expect(await (await fetch(`http://127.0.0.1:${webPort}/`)).text()).toContain('Sign in');
    const signIn = await fetch(`http://127.0.0.1:${webPort}/sign-in`, { redirect: 'manual' });
    expect(signIn.headers.get('location')).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${idpPort}/organizations/oauth2/v2\\.0/authorize\\?`));
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, queue: { status: 'up', kind: 'in-process' } } });
    // the banner is the last thing it printed
    expect(output.trimEnd().split('\n').at(-1)).toMatch(/^\s+Sign-in:/);

    // a second npm start on the same data folder says so in one line, and touches nothing
    const again = spawn(process.execPath, ['dist/apps/local/src/main.js'], { env: { ...env, PORT: String(await freePort()), LOCAL_IDP_PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    again.stdout!.on('data', (chunk) => (said += chunk));
    again.stderr!.on('data', (chunk) => (said += chunk));
    const code = await new Promise<number | null>((resolve) => again.once('exit', resolve));
    expect(code).toBe(1);
    expect(said.trim().split('\n')).toEqual([`${dataDir} is in use by another Virtual Visits process (pid ${child.pid}), probably npm start: stop it first, or set EMBEDDED_DATA_DIR to another folder`]);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
