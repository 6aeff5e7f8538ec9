/**
 * Lint rules for the whole workspace (`npm run lint` = `eslint . --max-warnings=0`).
 *
 * The layout is the architecture (docs: engineering.md), so the most important rule
 * here is @nx/enforce-module-boundaries: apps compose domain and platform libs,
 * domain may use platform and contracts, platform never uses domain, contracts use
 * nothing but contracts; and libraries are imported only through their `@vv/...`
 * alias, never by a relative path.
 */
import { readFileSync } from 'node:fs';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin/nx';

// Nx must never reach for a daemon or Nx Cloud while linting (CI, the images, a laptop).
process.env.NX_DAEMON ??= 'false';
process.env.NX_NO_CLOUD ??= 'true';

// The boundary rule reads Nx's *cached* project graph and silently skips itself when
// there is none (a fresh clone, a CI run, a new project.json). Build the graph before
// any file is linted so the rule can never be skipped: fail closed, not open.
const { createProjectGraphAsync } = await import('nx/src/devkit-exports.js');
const projectGraph = await createProjectGraphAsync({ exitOnError: false });

// An alias whose folder has no tagged project.json would be treated as an outside package
// and pass every constraint unchecked: refuse to lint until the library is declared.
const { paths } = JSON.parse(readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8')).compilerOptions;
const projects = Object.values(projectGraph.nodes).map((node) => node.data);
const undeclared = Object.entries(paths)
  .filter(([, [target]]) => !projects.some((p) => p.tags?.length && target.startsWith(`${p.root}/`)))
  .map(([alias, [target]]) => `  ${alias} -> ${target}`);
if (undeclared.length) {
  throw new Error(
    `These path aliases point outside any tagged Nx project; add a project.json with a type:* tag:\n${undeclared.join('\n')}`,
  );
}

const typescriptFiles = ['apps/**/*.ts', 'libs/**/*.ts', 'migrations/**/*.ts', 'tools/**/*.ts'];

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/.data/', '**/tmp/', '**/coverage/', '**/.nx/']),

  // typescript-eslint's recommended set, without type information (keeps lint fast).
  {
    files: typescriptFiles,
    extends: [tseslint.configs.recommended],
    rules: {
      // `_`-prefixed arguments and variables are deliberately unused (interface shapes, rest omission).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // NestJS / MikroORM code leans on framework types; `any` is only banned in the contracts (below).
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  {
    files: typescriptFiles,
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // migrations/ is not an Nx project: the database's history, read only by the CLI
          // (apps/cli/src) through exactly this relative path. `allow` entries are regular
          // expressions, hence the anchors and escaped dots: any other relative import out of
          // a project (a lib reaching for migrations/, or into another lib) still fails.
          allow: [String.raw`^\.\./\.\./\.\./migrations$`],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:runtime', 'type:domain', 'type:platform', 'type:web', 'type:ui', 'type:contracts', 'type:demo'] },
            // the staff console is a client of the public GraphQL API like any other: it never sees
            // domain, platform or database code, only the NHS.UK UI library and the contracts
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:web', 'type:ui', 'type:contracts'] },
            // runtime libs assemble the API and worker processes from domain and platform modules,
            // so the deployable apps and the one-process local runner share one composition
            // (the API test harness under libs/runtime/api/src/testing loads the demo data; the
            // lint rule below keeps production files away from it)
            { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:runtime', 'type:domain', 'type:platform', 'type:ui', 'type:contracts', 'type:demo'] },
            // the demo trusts' people and local services: built from domain and platform, used by nothing in them
            { sourceTag: 'type:demo', onlyDependOnLibsWithTags: ['type:demo', 'type:domain', 'type:platform', 'type:ui', 'type:contracts'] },
            // the family's visitor page is rendered with the same NHS.UK templates as the console
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:ui', 'type:contracts'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:ui', 'type:contracts'] },
            // the NHS.UK look (templates, assets, NHS-style times): no business, no data access
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:contracts'] },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts'],
              // Contracts are framework-free types shared by apps and libs.
              bannedExternalImports: [
                '@nestjs/*',
                '@mikro-orm/*',
                '@apollo/*',
                'graphql',
                'bullmq',
                'pg',
                'express',
                'class-validator',
                'class-transformer',
                'reflect-metadata',
              ],
            },
          ],
        },
      ],
    },
  },

  // Test builders (`@vv/domain/trusts/testing`) and the demo data (`@vv/demo`) never ship in
  // what runs for a trust: only specs, test harnesses, benches, `npm start` (apps/local) and the
  // CLI's demo token may import them. GraphQL's own ID is not taken either: the API's checks ids.
  {
    files: typescriptFiles,
    ignores: [
      '**/__tests__/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/src/testing/**',
      'libs/demo/**',
      'apps/local/**',
      'apps/bench/**',
      'apps/reliability/**',
      'apps/web-e2e/**',
      'apps/cli/src/token.command.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@nestjs/graphql', importNames: ['ID'], message: "Take ID from @vv/platform/graphql: it checks a caller's id and spells it as the API does." }],
          patterns: [
            { group: ['@vv/domain/*/testing'], message: 'Test builders are for specs and test harnesses only.' },
            { group: ['@vv/demo', '@vv/demo/*'], message: 'Demo data is for npm start, the demo token and tests only.' },
          ],
        },
      ],
    },
  },

  // The contracts are the shared vocabulary: no `any` leaks through them.
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
