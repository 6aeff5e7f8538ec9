/**
 * `npm run cli -- <command>` (and db:migrate, tenants:sync, ...): in development it builds
 * first; in production (NODE_ENV=production, where development packages such as the
 * compiler are not installed) it runs the built output as it is.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const entry = 'dist/apps/cli/src/main.js';
if (process.env.NODE_ENV !== 'production') {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
} else if (!existsSync(entry)) {
  console.error(`${entry} is missing: build first (npm run build, with the development packages installed)`);
  process.exit(1);
}
const result = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
