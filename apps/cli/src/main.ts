import { createMigration } from './migration-create.command';
import { migrate } from './migrate.command';
import { syncTenants } from './tenants-sync.command';
import { writeSchema } from './schema-write.command';
import { token } from './token.command';

const [command, ...args] = process.argv.slice(2);

const commands: Record<string, () => Promise<void>> = {
  'db:migrate': () => migrate('up'),
  'db:rollback': () => migrate('down'),
  'db:migration:create': () => createMigration(args[0]),
  'tenants:sync': () => syncTenants(args),
  'schema:write': () => writeSchema(),
  token: () => token(args),
};

const run = commands[command ?? ''];
if (!run) {
  console.error(`Usage: cli <${Object.keys(commands).join('|')}>`);
  process.exit(2);
}
run().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
