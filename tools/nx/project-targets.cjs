/**
 * Every Nx project gets the same four targets from this one definition (what each runs; what
 * each depends on and caches is in nx.json's targetDefaults), so a new library
 * needs nothing but its project.json (name, tags) to be built, linted, type-checked and
 * tested by `nx affected`, with Nx's cache. `npm test` stays the one command that runs
 * everything; these targets are for working on one part:
 *
 *   npx nx affected -t lint test      # what a change touches
 *   npx nx run domain-visits:test     # one library
 */
const { dirname } = require('node:path');

const jest = 'node --experimental-vm-modules node_modules/jest/bin/jest.js --passWithNoTests';

function targetsFor(root) {
  return {
    build: {
      command: `swc ${root} -d dist --only "**/*.ts" --ignore "**/__tests__/**","**/*.spec.ts","**/*.int-spec.ts" -q`,
      options: { cwd: '{workspaceRoot}' },
    },
    lint: {
      command: `eslint ${root} --max-warnings=0`,
      options: { cwd: '{workspaceRoot}' },
    },
    typecheck: {
      command: `node tools/nx/typecheck-project.mjs ${root}`,
      options: { cwd: '{workspaceRoot}' },
    },
    // The unit and integration specs under this project (integration specs need
    // PostgreSQL and Redis, as `npm test` does).
    test: {
      command: `${jest} ${root}/`,
      options: { cwd: '{workspaceRoot}' },
    },
  };
}

module.exports = {
  name: 'vv-project-targets',
  createNodesV2: [
    '{apps,libs}/**/project.json',
    (projectFiles) =>
      projectFiles.map((file) => {
        const root = dirname(file);
        return [file, { projects: { [root]: { targets: targetsFor(root) } } }];
      }),
  ],
};
