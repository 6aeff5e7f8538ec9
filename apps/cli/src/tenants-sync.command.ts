import 'reflect-metadata';
import { formatChange, syncTenantDirectory } from '@vv/domain/onboarding';
import { TenantDatabase } from '@vv/platform/database';
import { openDatabase } from './database-connection';

/**
 * Applies `tenants/` to the database, idempotently; `--dry-run` prints the difference
 * and writes nothing. Every file is validated before any trust is touched. A trust changed
 * through the API since its last sync is left alone and shown as a conflict (exit code 3)
 * unless `--force`.
 */
export async function syncTenants(args: string[]): Promise<void> {
  const dryRun = args.includes('--dry-run');
  const force = args.includes('--force');
  const dirFlag = args.indexOf('--dir');
  const directory = dirFlag >= 0 ? args[dirFlag + 1] : 'tenants';
  const db = await openDatabase('app');
  try {
    const result = await syncTenantDirectory(new TenantDatabase(db.orm), directory, { dryRun, force });
    result.changes.forEach((change) => console.log(formatChange(change)));
    for (const conflict of result.conflicts) {
      console.log(
        `! ${conflict.trust} was changed through the API at ${conflict.changedThroughApiAt.toISOString()}, after its last sync; its document would change:`,
      );
      conflict.changes.forEach((change) => console.log(`    ${formatChange(change)}`));
    }
    const verb = dryRun ? 'would change' : 'changed';
    console.log(
      result.changes.length
        ? `${result.trusts} trusts checked; ${verb} ${result.changes.length} settings.`
        : `${result.trusts} trusts checked; nothing to change.`,
    );
    if (result.conflicts.length) {
      console.log(
        `${result.conflicts.map((c) => c.trust).join(', ')} left as they are. Bring the API's changes into tenants/<ODS>/trust.yaml (the trustConfiguration query exports what runs), or run with --force to overwrite them.`,
      );
      process.exitCode = 3;
    }
  } finally {
    await db.close();
  }
}
