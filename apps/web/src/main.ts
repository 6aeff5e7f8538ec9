import { createStaffConsole, loadConsoleConfig } from '@vv/web/console';

/** The staff console as its own process (`npm run start:web`, the web image). */
const config = loadConsoleConfig();
const staffConsole = await createStaffConsole({ config });
const server = staffConsole.app.listen(config.WEB_PORT, config.WEB_HOST, () => {
  process.stdout.write(`${JSON.stringify({ level: 'info', service: 'web', msg: 'staff console listening', port: config.WEB_PORT })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void staffConsole.close().then(() => process.exit(0));
  });
}
