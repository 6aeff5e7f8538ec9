/**
 * Type-checks one Nx project (`nx run <project>:typecheck`): its own files, and whatever
 * they import, in one TypeScript program. `npm run typecheck` checks the whole workspace.
 *
 *   node tools/nx/typecheck-project.mjs libs/domain/visits
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('Name the project folder, e.g. node tools/nx/typecheck-project.mjs libs/domain/visits');
  process.exit(2);
}
const workspace = resolve(import.meta.dirname, '../..');
const folder = join(workspace, 'tmp', 'typecheck');
mkdirSync(folder, { recursive: true });
const config = join(folder, `${root.replaceAll('/', '__')}.json`);
writeFileSync(config, JSON.stringify({ extends: join(workspace, 'tsconfig.base.json'), include: [join(workspace, root, '**/*.ts')] }));
try {
  execFileSync(join(workspace, 'node_modules/.bin/tsc'), ['-p', config], { stdio: 'inherit', cwd: workspace });
} catch {
  process.exit(1);
}
