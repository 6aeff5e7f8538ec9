import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { parse } from 'yaml';

describe('the console’s typed GraphQL operations', () => {
  it('are generated from the API’s current schema (npm run web:codegen)', async () => {
    // generation also validates every operation against apps/api/schema.graphql: a field the
    // schema lost fails here, and a stale generated file differs
    const config = parse(readFileSync('libs/web/console/codegen.yml', 'utf8'));
    const [output] = await generate({ ...config, cwd: process.cwd(), silent: true }, false);
    expect(output.content).toBe(readFileSync('libs/web/console/src/api/generated.ts', 'utf8'));
  }, 60_000);
});
