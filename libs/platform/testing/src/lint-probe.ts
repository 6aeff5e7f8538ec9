import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** A file that exists only for the linter: where it would sit, and what it says. */
export interface LintProbe {
  readonly filePath: string;
  readonly source: string;
}

/**
 * Lints each probe as if it were that file of the workspace, with the workspace's own ESLint
 * configuration (the one `npm run lint` uses), in a separate Node process, and returns the
 * rules each one breaks. For tests that a layout rule refuses what it should and allows the rest.
 */
export async function lintProbes<Name extends string>(probes: Readonly<Record<Name, LintProbe>>): Promise<Record<Name, string[]>> {
  const script = `
    const { ESLint } = await import('eslint');
    const probes = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const findings = {};
    for (const [name, { filePath, source }] of Object.entries(probes)) {
      const [result] = await eslint.lintText(source, { filePath });
      findings[name] = result.messages.map((m) => m.ruleId ?? m.message);
    }
    console.log(JSON.stringify(findings));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(probes)], {
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}
