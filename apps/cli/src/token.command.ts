// narrow entry points: the token command must not load the ORM, NestJS or the identity provider itself
import { apiAudience, loadAppConfig } from '@vv/platform/config/environment';
import { requestDemoAccessToken } from '@vv/platform/identity-provider/client';
import { DEMO_STAFF } from '@vv/demo/staff';

/**
 * `npm run token -- --list` shows the demo staff and their roles; `npm run token -- <email>`
 * prints an access token for one of them from the built-in identity provider that
 * `npm start` runs. Development only.
 */
export async function token(args: string[]): Promise<void> {
  const config = loadAppConfig();
  if (config.NODE_ENV === 'production') throw new Error('Demo tokens are for development only');
  if (args.length === 0 || args.includes('--list')) {
    for (const person of DEMO_STAFF) {
      const roles = person.roles.map((r) => `${r.role} @ ${Object.values(r.at).join(' ')}`.replace('true', 'platform')).join('; ');
      console.log(`${person.email.padEnd(28)} ${roles}${person.invitedOnly ? '  (invited, never signed in)' : ''}`);
    }
    console.log('\nnpm run token -- <email>   prints an access token; send it as "Authorization: Bearer <token>", and the trust as "X-Trust: RNQ".');
    return;
  }
  const email = args[0].toLowerCase();
  const person = DEMO_STAFF.find((p) => p.email === email);
  if (!person) throw new Error(`${email} is not a demo account; npm run token -- --list shows them`);
  const authorityBase = process.env.ENTRA_AUTHORITY_BASE ?? `http://127.0.0.1:${config.LOCAL_IDP_PORT}`;
  try {
    console.log(await requestDemoAccessToken({ authorityBase, tenantId: person.tenantId, email, audience: apiAudience(config) }));
  } catch (error) {
    const refused = error instanceof Error && /ECONNREFUSED|fetch failed/i.test(`${error.message} ${String(error.cause ?? '')}`);
    throw new Error(refused ? `No identity provider answers at ${authorityBase}: start the product with npm start first` : error instanceof Error ? error.message : String(error));
  }
}
