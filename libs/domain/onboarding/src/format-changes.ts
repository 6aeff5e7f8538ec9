import type { ConfigChange } from './trust-configuration.service';

const SYMBOL: Record<ConfigChange['action'], string> = { create: '+', update: '~', archive: '-', remove: '-' };

/** One line a change, as a reviewer reads a diff. */
export function formatChange(change: ConfigChange): string {
  const subject = `${SYMBOL[change.action]} ${change.trust} ${change.target}${change.field ? ` ${change.field}` : ''}`;
  if (change.action === 'create') return `${subject}: ${show(change.to)}`;
  if (change.action === 'remove') return `${subject} (was ${show(change.from)})`;
  return `${subject}: ${show(change.from)} -> ${show(change.to)}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
