import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE } from '@vv/platform/graphql';
import { PERMISSIONS_FILE, printApiSchema, renderPermissionsDocument } from '@vv/runtime/api';

/** Rewrites the committed schema and the table of operation → permission; commit them with the change that caused it. */
export async function writeSchema(): Promise<void> {
  writeFileSync(SCHEMA_FILE, await printApiSchema());
  console.log(`Wrote ${SCHEMA_FILE}`);
  writeFileSync(PERMISSIONS_FILE, renderPermissionsDocument());
  console.log(`Wrote ${PERMISSIONS_FILE}`);
}
