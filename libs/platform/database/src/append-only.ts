import type { TriggerDef } from '@mikro-orm/core';

/** Declared on a table, the database refuses to change or remove its rows, whoever asks. */
export const APPEND_ONLY_TRIGGERS: TriggerDef[] = [
  {
    name: 'append_only',
    timing: 'before',
    events: ['update', 'delete'],
    forEach: 'row',
    body: `raise exception 'records of this table are append-only' using errcode = 'insufficient_privilege';`,
  },
];
