import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * Many people acting on one visit at the same moment (two nurses, a double tap, a ward
 * tablet retrying): exactly one change wins, every other caller gets CONFLICT naming the
 * state it found, never an unexpected error, and the video provider is never left holding a
 * room for a start that did not happen.
 */
const now = new Date('2026-11-23T09:00:00Z');
let api: ApiTestHarness;
let wards: Record<string, string>;

const NURSE = 'nurse.rnq@nhs.net';
const R1K_NURSE = 'nurse.r1k@nhs.net';
const BOOK = 'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id } }';
const START = 'mutation Start($id: ID!) { startVisit(id: $id) { visit { status } } }';
const COMPLETE = 'mutation Complete($id: ID!) { completeVisit(id: $id) { status } }';
const CANCEL = 'mutation Cancel($id: ID!) { cancelVisit(id: $id, reason: "Patient discharged") { status } }';
const STATUS = 'query($id: ID!) { visit(id: $id) { status history { type } } }';
type Answer = { status: number; data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => now });
  await api.loadDemoData();
  const rnq = await api.as<{ wards: { id: string; code: string }[] }>('trust.admin@kgh.nhs.uk', '{ wards { id code } }');
  const r1k = await api.as<{ wards: { id: string; code: string }[] }>(R1K_NURSE, '{ wards { id code } }');
  wards = { ...Object.fromEntries(rnq.data!.wards.map((w) => [w.code, w.id])), R1K: r1k.data!.wards[0].id };
});
afterAll(() => api?.close());

async function book(email: string, wardId: string, startAt: string): Promise<string> {
  const result = await api.as<{ bookVisit: { id: string } }>(email, BOOK, { input: { wardId, patientName: 'Margaret Jones', contactName: 'David Jones', contactEmail: 'david@example.org', startAt } });
  expect(result.errors).toBeUndefined();
  return result.data!.bookVisit.id;
}

/** Sends the same mutation `times` times at once and sorts the answers. */
async function burst(email: string, query: string, id: string, times: number): Promise<{ won: Answer[]; conflicts: string[]; other: Answer[] }> {
  const answers: Answer[] = await Promise.all(Array.from({ length: times }, () => api.as(email, query, { id })));
  const won = answers.filter((a) => !a.errors && a.status === 200);
  const conflicts = answers.filter((a) => a.errors?.length === 1 && a.errors[0].extensions?.code === 'CONFLICT').map((a) => a.errors![0].message);
  const other = answers.filter((a) => !won.includes(a) && !(a.errors?.length === 1 && a.errors[0].extensions?.code === 'CONFLICT'));
  return { won, conflicts, other };
}

it('100 starts of one visit at once: one starts it, 99 are CONFLICT naming the state they found', async () => {
  const id = await book(NURSE, wards.ED, '2026-11-23T09:15:00Z');
  const { won, conflicts, other } = await burst(NURSE, START, id, 100);
  expect(other).toEqual([]);
  expect(won).toHaveLength(1);
  expect(conflicts).toHaveLength(99);
  for (const message of conflicts) expect(message).toMatch(/^A visit that is (being started|ready) cannot be started$/);
  const read = await api.as<{ visit: { status: string; history: { type: string }[] } }>(NURSE, STATUS, { id });
  expect(read.data!.visit.status).toBe('READY');
  expect(read.data!.visit.history.filter((h) => h.type === 'STARTED')).toHaveLength(1);
}, 120_000);

it('opens one video room for 50 starts at once, through the provider outside the transaction', async () => {
  const id = await book(R1K_NURSE, wards.R1K, '2026-11-23T09:20:00Z');
  const before = api.whereby.requests.filter((r) => r.method === 'POST').length;
  const { won, conflicts, other } = await burst(R1K_NURSE, START, id, 50);
  expect(other).toEqual([]);
  expect(won).toHaveLength(1);
  expect(conflicts).toHaveLength(49);
  expect(api.whereby.requests.filter((r) => r.method === 'POST').length - before).toBe(1);
}, 120_000);

it('completes a started visit once and cancels a booked one once, however many ask at the same moment', async () => {
  const started = await book(NURSE, wards.ED, '2026-11-23T09:25:00Z');
  expect((await api.as(NURSE, START, { id: started })).errors).toBeUndefined();
  const completes = await burst(NURSE, COMPLETE, started, 40);
  expect(completes.other).toEqual([]);
  expect(completes.won).toHaveLength(1);
  expect(new Set(completes.conflicts)).toEqual(new Set(['A visit that is completed cannot be completed']));

  const booked = await book(NURSE, wards.ED, '2026-11-23T10:00:00Z');
  const cancels = await burst(NURSE, CANCEL, booked, 40);
  expect(cancels.other).toEqual([]);
  expect(cancels.won).toHaveLength(1);
  expect(new Set(cancels.conflicts)).toEqual(new Set(['A visit that is cancelled cannot be cancelled']));
}, 120_000);

it('a cancel that lands while the room is being opened wins: the start is CONFLICT and its room is closed again', async () => {
  const id = await book(R1K_NURSE, wards.R1K, '2026-11-23T09:30:00Z');
  const before = new Set(api.whereby.meetings.keys());
  const [start, cancel] = await Promise.all([api.as(R1K_NURSE, START, { id }), api.as(R1K_NURSE, CANCEL, { id })]);
  expect((cancel as Answer).errors).toBeUndefined();
  const read = await api.as<{ visit: { status: string } }>(R1K_NURSE, STATUS, { id });
  expect(read.data!.visit.status).toBe('CANCELLED');
  if ((start as Answer).errors) {
    expect((start as Answer).errors![0]).toMatchObject({ message: 'A visit that is cancelled cannot be started', extensions: { code: 'CONFLICT' } });
  }
  // whichever came first, no room is left open for a cancelled visit
  const opened = [...api.whereby.meetings.entries()].filter(([key]) => !before.has(key));
  expect(opened.every(([, meeting]) => meeting.deleted)).toBe(true);
}, 60_000);
