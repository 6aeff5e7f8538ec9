/**
 * The production processes run from an install without development dependencies
 * (`npm install --omit=dev`, the images). Follow every static import from their entry
 * points through the workspace's own files and check that none reaches a package listed
 * only under devDependencies. (Dynamic `import()` is how a development-only path, such as
 * the built-in identity provider, is loaded on demand, so it is not followed.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions as { paths: Record<string, [string]> };
const PRODUCTION_ENTRIES = ['apps/api/src/main.ts', 'apps/worker/src/main.ts', 'apps/web/src/main.ts', 'apps/cli/src/main.ts'];

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const alias = paths[specifier];
  const base = alias ? join(root, alias[0]) : specifier.startsWith('.') ? resolve(dirname(from), specifier) : undefined;
  if (!base) return undefined;
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((file) => file.endsWith('.ts') && existsSync(file));
}

/** Each development-only package a production entry point loads, with the chain of files that loads it. */
function developmentImports(entry: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(STATIC_IMPORT)) {
      const local = resolveLocal(file, specifier);
      if (local) {
        walk(local, [...chain, relative(root, local)]);
        continue;
      }
      if (specifier.startsWith('node:') || specifier.startsWith('.')) continue;
      const name = packageName(specifier);
      if (manifest.devDependencies[name] && !manifest.dependencies[name]) found.push(`${name} via ${chain.join(' → ')}`);
    }
  };
  walk(join(root, entry), [entry]);
  return found;
}

describe('the production processes', () => {
  it.each(PRODUCTION_ENTRIES)('%s loads no development-only package', (entry) => {
    expect(developmentImports(entry)).toEqual([]);
  });

  it('would notice one (the check itself works)', () => {
    const sample = 'libs/platform/testing/src/browser-check.ts';
    const source = readFileSync(join(root, sample), 'utf8');
    expect(source).toMatch(/import type \{[^}]*\} from 'playwright-core'/);
    expect([...`import { chromium } from 'playwright-core';`.matchAll(STATIC_IMPORT)].map((m) => packageName(m[1]))).toEqual(['playwright-core']);
    expect([...`import type { Page } from 'playwright-core';`.matchAll(STATIC_IMPORT)]).toEqual([]);
  });
});
