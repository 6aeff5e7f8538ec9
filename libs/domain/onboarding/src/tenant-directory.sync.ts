import type { TenantDatabase } from '@vv/platform/database';
import { loadTenantDirectory } from './tenant-directory.loader';
import { TrustConfigurationService, type ConfigChange } from './trust-configuration.service';

/** A trust changed through the API since its last sync, whose document would change it again: left alone without `force`. */
export interface SyncConflict {
  readonly trust: string;
  /** When the trust was last changed through the API. */
  readonly changedThroughApiAt: Date;
  /** What the document would change (nothing was written). */
  readonly changes: readonly ConfigChange[];
}

export interface DirectorySyncResult {
  readonly trusts: number;
  /** What was (or, in a dry run, would be) written. */
  readonly changes: readonly ConfigChange[];
  readonly conflicts: readonly SyncConflict[];
}

/**
 * Validates every trust document in the folder, then applies each trust in its own
 * transaction. A trust changed through the API (console or GraphQL) since its last sync is
 * not overwritten: its would-be changes are reported as a conflict until its document
 * takes in the change (`trustConfiguration` exports it) or `force` says to overwrite. A dry
 * run reports exactly what the real run would do, conflicts included.
 */
export async function syncTenantDirectory(db: TenantDatabase, directory: string, options: { dryRun: boolean; force?: boolean }): Promise<DirectorySyncResult> {
  const configs = loadTenantDirectory(directory);
  const service = new TrustConfigurationService(db);
  const changes: ConfigChange[] = [];
  const conflicts: SyncConflict[] = [];
  // groups a dry run has already planned to create, so a group shared by two trusts counts once
  const plannedGroups = new Set<string>();
  for (const config of configs) {
    const changedThroughApiAt = options.force ? null : await service.changedThroughApiSinceSync(config.odsCode);
    if (changedThroughApiAt) {
      const planned = await service.apply(config, { dryRun: true, plannedGroups: new Set(plannedGroups) });
      if (planned.changes.length) {
        conflicts.push({ trust: config.odsCode, changedThroughApiAt, changes: planned.changes });
        continue;
      }
      // the document already says what the API changed: from now on the two agree
      if (!options.dryRun) await service.markInSync(planned.trustId, config.odsCode);
      continue;
    }
    changes.push(...(await service.apply(config, { dryRun: options.dryRun, plannedGroups })).changes);
  }
  return { trusts: configs.length, changes, conflicts };
}
