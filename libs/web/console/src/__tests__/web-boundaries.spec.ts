import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

const PROBES = {
  database: "import { TenantDatabase } from '@vv/platform/database';\nexport const probe = TenantDatabase;\n",
  domain: "import { DEMO_STAFF } from '@vv/domain/staff';\nexport const probe = DEMO_STAFF;\n",
  runtime: "import { createApi } from '@vv/runtime/api';\nexport const probe = createApi;\n",
  allowed: "import { formatNhsTime } from '@vv/ui/nhsuk';\nimport { ROLES } from '@vv/contracts';\nexport const probe = [formatNhsTime, ROLES];\n",
};

/**
 * Lints each probe as if it were a file of the console, with the workspace's own ESLint
 * configuration (the one `npm run lint` uses), in a separate Node process.
 */
async function lintAsConsoleFiles(): Promise<Record<keyof typeof PROBES, string[]>> {
  const script = `
    import { ESLint } from 'eslint';
    const probes = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = {};
    for (const [name, source] of Object.entries(probes)) {
      const [result] = await eslint.lintText(source, { filePath: 'libs/web/console/src/boundary-probe.ts' });
      out[name] = result.messages.map((m) => m.ruleId ?? m.message);
    }
    console.log(JSON.stringify(out));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(PROBES)], {
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('the console’s module boundary (lint)', () => {
  let findings: Record<keyof typeof PROBES, string[]>;
  beforeAll(async () => {
    findings = await lintAsConsoleFiles();
  }, 120_000);

  it.each(['database', 'domain', 'runtime'] as const)('refuses an import from the %s layer', (probe) => {
    expect(findings[probe]).toContain('@nx/enforce-module-boundaries');
  });

  it('allows the UI library and the contracts', () => {
    expect(findings.allowed).toEqual([]);
  });
});
