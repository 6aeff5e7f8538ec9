import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTenantConfig, readTenantDocument, TenantConfigInvalidError, type TenantConfig, type TenantConfigProblem } from '@vv/domain/trusts';

export const TENANT_FILE = 'trust.yaml';

/**
 * Reads every `tenants/<ODS code>/trust.yaml`, validating all of them before anything is
 * written: one bad file rejects the whole run, listing every problem by file and field.
 */
export function loadTenantDirectory(directory: string): TenantConfig[] {
  if (!existsSync(directory)) throw new TenantConfigInvalidError([{ source: directory, field: '(folder)', message: 'does not exist' }]);
  const problems: TenantConfigProblem[] = [];
  const configs: TenantConfig[] = [];
  const folders = readdirSync(directory)
    .filter((entry) => statSync(join(directory, entry)).isDirectory())
    .sort();
  for (const folder of folders) {
    const source = join(directory, folder, TENANT_FILE);
    if (!existsSync(source)) {
      problems.push({ source, field: '(file)', message: `is missing: every trust folder needs a ${TENANT_FILE}` });
      continue;
    }
    try {
      configs.push(parseTenantConfig(readYaml(source), source));
    } catch (error) {
      if (error instanceof TenantConfigInvalidError) problems.push(...error.problems);
      else throw error;
    }
  }
  problems.push(...groupDisagreements(configs, directory));
  if (problems.length) throw new TenantConfigInvalidError(problems);
  return configs;
}

function readYaml(source: string): unknown {
  return readTenantDocument(readFileSync(source, 'utf8'), source);
}

/** Trusts that name the same group must agree on its name. */
function groupDisagreements(configs: TenantConfig[], directory: string): TenantConfigProblem[] {
  const names = new Map<string, { name: string; odsCode: string }>();
  const problems: TenantConfigProblem[] = [];
  for (const config of configs) {
    if (!config.group) continue;
    const seen = names.get(config.group.code);
    if (seen && seen.name !== config.group.name) {
      problems.push({
        source: join(directory, config.odsCode, TENANT_FILE),
        field: 'group.name',
        message: `differs from the name ${seen.odsCode} gives group ${config.group.code}`,
      });
    } else if (!seen) {
      names.set(config.group.code, { name: config.group.name, odsCode: config.odsCode });
    }
  }
  return problems;
}
