/**
 * Jest runs the project as native ES modules (NestJS 12 and MikroORM 7 ship only ESM),
 * compiled by SWC with the same settings as the build, and resolves the path aliases
 * from tsconfig.base.json so the two can never disagree.
 */
import { readFileSync } from 'node:fs';

const read = (file) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
const swc = read('./.swcrc');
const { paths } = read('./tsconfig.base.json').compilerOptions;
delete swc.jsc.paths;
delete swc.jsc.baseUrl;
delete swc.$schema;
swc.module = { type: 'es6' };

const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [`^${alias.replaceAll('/', '\\/')}$`, `<rootDir>/${target}`]),
);

const common = {
  rootDir: import.meta.dirname,
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper,
  testEnvironment: 'node',
};

export default {
  // generous for a shared, loaded machine: a test that hangs still fails, only later
  testTimeout: 150_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/platform/testing/global-setup.mjs',
      globalTeardown: '<rootDir>/libs/platform/testing/global-teardown.mjs',
    },
  ],
};
