import { EVERYONE, type ChangeFeedEvent } from '@vv/platform/database';
import { CallerCache, REMEMBER_CALLER_MS } from '../caller-cache';

/** A change feed the test drives: live or not, and what it announces. */
function feed() {
  const listeners = new Set<(event: ChangeFeedEvent) => void>();
  const state = { live: true };
  return {
    state,
    feed: { get live() { return state.live; }, start: async () => undefined, subscribe: (l: (event: ChangeFeedEvent) => void) => (listeners.add(l), () => listeners.delete(l)) },
    announce: (event: ChangeFeedEvent) => listeners.forEach((l) => l(event)),
  };
}

const NURSE = { staffId: 'staff-1', roles: [{ role: 'ward_staff' as const, scope: 'ward' as const, trustIds: ['t1'], wardId: 'w1' }] };
const OTHER = { staffId: 'staff-2', roles: [] };

describe('CallerCache', () => {
  it('remembers a caller until a change to them is announced, and keeps others', () => {
    const { feed: f, announce } = feed();
    const cache = new CallerCache(f as never);
    cache.remember('tid/nurse', NURSE, cache.mark(), 1, 0);
    cache.remember('tid/other', OTHER, cache.mark(), 1, 0);
    expect(cache.recall('tid/nurse', 1, 1)).toMatchObject(NURSE);
    announce({ kind: 'changed', subject: 'staff-1' });
    expect(cache.recall('tid/nurse', 1, 1)).toBeUndefined();
    expect(cache.recall('tid/other', 1, 1)).toMatchObject(OTHER);
    announce({ kind: 'changed', subject: EVERYONE });
    expect(cache.recall('tid/other', 1, 1)).toBeUndefined();
  });

  it('does not remember a caller read while a change was announced', () => {
    const { feed: f, announce } = feed();
    const cache = new CallerCache(f as never);
    const mark = cache.mark();
    announce({ kind: 'changed', subject: 'someone-else' });
    cache.remember('tid/nurse', NURSE, mark, 1, 0);
    expect(cache.recall('tid/nurse', 1, 1)).toBeUndefined();
  });

  it('forgets everyone when the feed drops, and remembers nothing until it is back', () => {
    const { feed: f, announce, state } = feed();
    const cache = new CallerCache(f as never);
    cache.remember('tid/nurse', NURSE, cache.mark(), 1, 0);
    state.live = false;
    announce({ kind: 'down' });
    expect(cache.active).toBe(false);
    cache.remember('tid/nurse', NURSE, cache.mark(), 1, 0);
    expect(cache.recall('tid/nurse', 1, 1)).toBeUndefined();
    state.live = true;
    announce({ kind: 'up' });
    expect(cache.recall('tid/nurse', 1, 1)).toBeUndefined();
    cache.remember('tid/nurse', NURSE, cache.mark(), 1, 0);
    expect(cache.recall('tid/nurse', 1, 1)).toMatchObject(NURSE);
  });

  it('reads again after the trust registry changes or the sign-in gap passes', () => {
    const { feed: f } = feed();
    const cache = new CallerCache(f as never);
    cache.remember('tid/nurse', NURSE, cache.mark(), 1, 0);
    expect(cache.recall('tid/nurse', 2, 1)).toBeUndefined();
    cache.remember('tid/nurse', NURSE, cache.mark(), 1, 0);
    expect(cache.recall('tid/nurse', 1, REMEMBER_CALLER_MS)).toBeUndefined();
  });
});
