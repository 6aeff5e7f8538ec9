import { Notification } from '@vv/domain/notifications';
import { Trust } from '@vv/domain/trusts';
import { until } from '@vv/platform/testing';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * The whole log of a working day, at the most detailed level, holds no personal data:
 * visits booked (and refused), started, joined, cancelled and messaged with distinctive
 * names, and every line the API, the worker and anything else wrote is searched for them.
 */
const CANARIES = {
  patientName: 'Zebedee Quarrington-Canary',
  contactName: 'Ottoline Vexworth-Canary',
  contactMobile: '07700 900417',
  contactEmail: 'ottoline.vexworth.canary@example.org',
  reason: 'Canary reason: Zebedee moved to Ward Xylophone',
};
const SEARCHED = [...Object.values(CANARIES), 'Zebedee', 'Ottoline', 'Quarrington', 'Vexworth', '900417', '+447700900417', 'vexworth.canary'];

let now = new Date('2026-11-23T09:00:00Z'); // a Monday
let api: ApiTestHarness;
const lines: string[] = [];
const NURSE = 'nurse.rnq@nhs.net';

const originalWrites = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
beforeAll(async () => {
  // anything written to the process's own output during the suite counts too
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (lines.push(String(chunk)), originalWrites.out(chunk, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (lines.push(String(chunk)), originalWrites.err(chunk, ...rest))) as typeof process.stderr.write;
  api = await startApiTestHarness({ LOG_LEVEL: 'trace' }, [], { clock: () => now, worker: true, logs: (line) => lines.push(line) });
  await api.loadDemoData();
});
afterAll(async () => {
  await api?.close();
  process.stdout.write = originalWrites.out;
  process.stderr.write = originalWrites.err;
});

it('never writes a patient or contact detail to the log, whatever happens to the visit', async () => {
  const wards = await api.as<{ wards: { id: string; code: string }[] }>(NURSE, '{ wards { id code } }');
  const ed = wards.data!.wards.find((w) => w.code === 'ED')!.id;
  const BOOK = 'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id patientName contactMobile } }';
  const input = { wardId: ed, patientName: CANARIES.patientName, contactName: CANARIES.contactName, contactMobile: CANARIES.contactMobile, contactEmail: CANARIES.contactEmail };

  const booked = await api.as<{ bookVisit: { id: string } }>(NURSE, BOOK, { input: { ...input, startAt: '2026-11-23T09:30:00Z' } });
  expect(booked.errors).toBeUndefined();
  // refused: bad input of every kind, a wrong type, a malformed query
  await api.as(NURSE, BOOK, { input: { ...input, startAt: '2026-11-23T08:00:00Z' } });
  await api.as(NURSE, BOOK, { input: { ...input, contactMobile: `${CANARIES.contactMobile}9`, startAt: '2026-11-23T10:00:00Z' } });
  await api.as(NURSE, BOOK, { input: { ...input, lengthMinutes: CANARIES.patientName } });
  await api.as(NURSE, `mutation { bookVisit(input: { wardId: "${ed}", patientName: "${CANARIES.patientName}" ) { id } }`);
  // another trust's nurse tries
  await api.as('nurse.rns@nhs.net', BOOK, { input: { ...input, startAt: '2026-11-23T09:45:00Z' } });
  // read, start, join, cancel another
  await api.as(NURSE, 'query($id: ID!) { visit(id: $id) { patientName contactName contactMobile contactEmail messages { recipient } } }', { id: booked.data!.bookVisit.id });
  now = new Date('2026-11-23T09:28:00Z');
  const started = await api.as<{ startVisit: { visitorLink: string } }>(NURSE, 'mutation($id: ID!) { startVisit(id: $id) { visitorLink } }', { id: booked.data!.bookVisit.id });
  expect(started.errors).toBeUndefined();
  const link = new URL(started.data!.startVisit.visitorLink).pathname;
  await fetch(`${api.url}${link}`);
  await fetch(`${api.url}${link}/join`, { method: 'POST', redirect: 'manual' });
  const second = await api.as<{ bookVisit: { id: string } }>(NURSE, BOOK, { input: { ...input, startAt: '2026-11-23T11:00:00Z' } });
  await api.as(NURSE, 'mutation($id: ID!, $reason: String!) { cancelVisit(id: $id, reason: $reason) { status } }', { id: second.data!.bookVisit.id, reason: CANARIES.reason });
  // the worker sends every message through the local Notify, with the names in the personalisation
  const rnq = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
  await until(async () => {
    const rows = await api.db.inTrust({ trustId: rnq.id, odsCode: 'RNQ' }, (em) => em.find(Notification, {}));
    return rows.length >= 4 && rows.every((row) => !['pending', 'sending'].includes(row.status));
  });
  expect(api.notify.server.accepted.some((n) => JSON.stringify(n).includes('Zebedee'))).toBe(true);

  const log = lines.join('');
  expect(log.length).toBeGreaterThan(1000); // the log was written, at trace level
  expect(log).toContain('"operation":"Book"');
  for (const canary of SEARCHED) expect({ canary, found: log.includes(canary) }).toEqual({ canary, found: false });
});
