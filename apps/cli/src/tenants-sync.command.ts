import { formatChange, loadTenantDirectory, TrustConfigurationService } from '@vv/domain/onboarding';
import { TenantDatabase } from '@vv/platform/database';
import { openDatabase } from './database-connection';

/**
 * Applies `tenants/` to the database, idempotently; `--dry-run` prints the difference
 * and writes nothing. Every file is validated before any trust is touched.
 */
export async function syncTenants(args: string[]): Promise<void> {
  const dryRun = args.includes('--dry-run');
  const dirFlag = args.indexOf('--dir');
  const directory = dirFlag >= 0 ? args[dirFlag + 1] : 'tenants';
  const configs = loadTenantDirectory(directory);
  const db = await openDatabase('app');
  try {
    const service = new TrustConfigurationService(new TenantDatabase(db.orm));
    let total = 0;
    for (const config of configs) {
      const result = await service.apply(config, { dryRun });
      result.changes.forEach((change) => console.log(formatChange(change)));
      total += result.changes.length;
    }
    const verb = dryRun ? 'would change' : 'changed';
    console.log(total ? `${configs.length} trusts checked; ${verb} ${total} settings.` : `${configs.length} trusts checked; nothing to change.`);
  } finally {
    await db.close();
  }
}
