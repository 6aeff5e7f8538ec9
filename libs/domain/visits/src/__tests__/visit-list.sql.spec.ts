import { visitListStatement, type VisitListQuery } from '../visit-list.sql';

const TRUST = '7d6f1f7e-8d7b-4a51-9a39-d1c6a0a0a001';
const WARD = '7d6f1f7e-8d7b-4a51-9a39-d1c6a0a0a002';
const HOSPITAL = '7d6f1f7e-8d7b-4a51-9a39-d1c6a0a0a003';
const NOW = new Date('2026-03-29T09:00:00Z');

const base: VisitListQuery = { trustId: TRUST, scope: { kind: 'all' }, now: NOW, descending: false, limit: 51, history: false, messagesSql: null };

/** Every shape the list can take: each view, a narrowed caller, every filter, a cursor, history and messages. */
const shapes: [string, VisitListQuery][] = [
  ['everything, plainly', base],
  ['TODAY', { ...base, view: 'TODAY' }],
  ['UPCOMING', { ...base, view: 'UPCOMING' }],
  ['RECENT, newest first', { ...base, view: 'RECENT', descending: true }],
  ['a narrowed caller', { ...base, scope: { kind: 'some', wardIds: [WARD], hospitalIds: [HOSPITAL] } }],
  ['every filter', { ...base, wardId: WARD, statuses: ['booked', 'in_progress'], from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') }],
  ['after a cursor', { ...base, after: { start: new Date('2026-03-29T10:00:00Z'), id: WARD } }],
  ['with history and messages', { ...base, history: true, messagesSql: '(select 1)' }],
];

describe('the visits list statement', () => {
  it.each(shapes)('%s: every value is a parameter, numbered in order', (_, query) => {
    const { text, values } = visitListStatement(query);
    const numbers = [...text.matchAll(/\$(\d+)/g)].map(([, n]) => Number(n));
    expect([...new Set(numbers)].sort((a, b) => a - b)).toEqual(values.map((_, i) => i + 1));
    // nothing the caller sent is spliced into the text
    for (const value of [WARD, HOSPITAL, "'booked'", 'in_progress', '2026-03']) expect(text).not.toContain(value);
    expect(values[0]).toBe(TRUST);
    expect(text).toContain('v.trust_id = $1');
  });

  it('reads only the tables a visit, its ward and hospital, its history and (for TODAY) the trust time zone need', () => {
    const tables = (query: VisitListQuery) => [...visitListStatement(query).text.matchAll(/\b(?:from|join)\s+([a-z_]+)\s/g)].map(([, table]) => table).sort();
    expect(tables(base)).toEqual(['hospital', 'visit', 'ward']);
    expect(tables({ ...base, view: 'TODAY' })).toEqual(['hospital', 'trust', 'visit', 'ward']);
    expect(tables({ ...base, history: true })).toEqual(['hospital', 'visit', 'visit_event', 'ward']);
  });

  it("narrows a caller to their wards and their hospitals' wards, and pages by start then id either way", () => {
    const narrowed = visitListStatement({ ...base, scope: { kind: 'some', wardIds: [WARD], hospitalIds: [HOSPITAL] } });
    expect(narrowed.text).toContain('(v.ward_id = any($2::uuid[]) or w.hospital_id = any($3::uuid[]))');
    expect(narrowed.values.slice(1, 3)).toEqual([[WARD], [HOSPITAL]]);
    const recent = visitListStatement({ ...base, view: 'RECENT', descending: true, after: { start: NOW, id: WARD } });
    expect(recent.text).toContain('order by v.scheduled_start desc, v.id desc');
    expect(recent.text).toMatch(/v\.scheduled_start < \$\d+ or \(v\.scheduled_start = \$\d+ and v\.id < \$\d+::uuid\)/);
    expect(visitListStatement(base).text).toContain('order by v.scheduled_start asc, v.id asc');
  });

  it("asks for the page's length and one more, to know whether there is a next page", () => {
    const { text, values } = visitListStatement({ ...base, limit: 21 });
    expect(text).toMatch(/limit \$(\d+)$/);
    expect(values.at(-1)).toBe(21);
  });
});
