import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE } from '@vv/platform/graphql';
import { printApiSchema } from '@vv/runtime/api';

/** Rewrites the committed schema; commit the result with the change that caused it. */
export async function writeSchema(): Promise<void> {
  writeFileSync(SCHEMA_FILE, await printApiSchema());
  console.log(`Wrote ${SCHEMA_FILE}`);
}
