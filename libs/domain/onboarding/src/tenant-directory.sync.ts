import type { TenantDatabase } from '@vv/platform/database';
import { loadTenantDirectory } from './tenant-directory.loader';
import { TrustConfigurationService, type ConfigChange } from './trust-configuration.service';

export interface DirectorySyncResult {
  readonly trusts: number;
  readonly changes: readonly ConfigChange[];
}

/** Validates every trust document in the folder, then applies each trust in its own transaction. */
export async function syncTenantDirectory(db: TenantDatabase, directory: string, options: { dryRun: boolean }): Promise<DirectorySyncResult> {
  const configs = loadTenantDirectory(directory);
  const service = new TrustConfigurationService(db);
  const changes: ConfigChange[] = [];
  for (const config of configs) {
    changes.push(...(await service.apply(config, { dryRun: options.dryRun })).changes);
  }
  return { trusts: configs.length, changes };
}
