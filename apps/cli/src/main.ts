const [command, ...args] = process.argv.slice(2);

// Each command loads only what it needs, so the production image (no development packages:
// no built-in identity provider, no embedded database) runs db:migrate and the rest, and a quick one (token) starts in a moment.
const commands: Record<string, () => Promise<void>> = {
  'db:migrate': async () => (await import('./migrate.command')).migrate('up'),
  'db:rollback': async () => (await import('./migrate.command')).migrate('down'),
  'db:migration:create': async () => (await import('./migration-create.command')).createMigration(args[0]),
  'tenants:sync': async () => (await import('./tenants-sync.command')).syncTenants(args),
  'platform:first-admin': async () => (await import('./first-admin.command')).firstAdmin(args),
  'schema:write': async () => (await import('./schema-write.command')).writeSchema(),
  token: async () => (await import('./token.command')).token(args),
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
