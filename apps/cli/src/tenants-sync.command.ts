import 'reflect-metadata';
import { formatChange, syncTenantDirectory } from '@vv/domain/onboarding';
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
  const db = await openDatabase('app');
  try {
    const result = await syncTenantDirectory(new TenantDatabase(db.orm), directory, { dryRun });
    result.changes.forEach((change) => console.log(formatChange(change)));
    const verb = dryRun ? 'would change' : 'changed';
    console.log(
      result.changes.length
        ? `${result.trusts} trusts checked; ${verb} ${result.changes.length} settings.`
        : `${result.trusts} trusts checked; nothing to change.`,
    );
  } finally {
    await db.close();
  }
}
