import { loadAppConfig } from '@vv/platform/config';
import { TenantDatabase } from '@vv/platform/database';
import { inviteFirstPlatformAdmin } from '@vv/domain/staff';
import { openDatabase } from './database-connection';

/**
 * `npm run cli -- platform:first-admin --email <address> --tenant <Entra tenant id>`: a new
 * installation's first platform admin, invited; their first sign-in from that tenant makes
 * them platform admin. Refused once a platform admin exists or is invited. Audited.
 */
export async function firstAdmin(args: string[]): Promise<void> {
  const option = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? (args[at + 1] ?? '') : '';
  };
  const email = option('email');
  const tenant = option('tenant');
  if (!email || !tenant) throw new Error('Usage: platform:first-admin --email <address> --tenant <Entra tenant id>');
  const db = await openDatabase('app');
  try {
    const invitation = await inviteFirstPlatformAdmin(new TenantDatabase(db.orm), { email, entraTenantId: tenant });
    console.log(`Invited ${invitation.email} as the first platform admin (invitation ${invitation.id}).`);
    console.log(`They become platform admin when they first sign in from Entra tenant ${invitation.entraTenantId}.`);
    if (!loadAppConfig(process.env, 'cli').PLATFORM_ENTRA_TENANT_IDS.includes(invitation.entraTenantId)) {
      console.log(`Add ${invitation.entraTenantId} to PLATFORM_ENTRA_TENANT_IDS of the API, or the API will not accept their sign-in.`);
    }
  } finally {
    await db.close();
  }
}
