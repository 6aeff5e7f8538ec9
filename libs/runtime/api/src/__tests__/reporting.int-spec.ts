import type { EntityManager } from '@mikro-orm/postgresql';
import { Notification, type NotificationStatus } from '@vv/domain/notifications';
import { Trust, Ward } from '@vv/domain/trusts';
import { Visit, type VisitStatus } from '@vv/domain/visits';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * Reporting through the public API (GraphQL `visitStats` and the CSV download) against a
 * fixture with known answers: visits inserted with chosen statuses, durations and message
 * outcomes, on both sides of the clock change of 29 March 2026 (a 23-hour day in London),
 * in two trusts of one group and a trust outside it. Every visit carries canary personal
 * data that must never come out of any report.
 */
let api: ApiTestHarness;
const now = new Date('2026-11-02T09:00:00Z');
const trusts: Record<string, { trustId: string; odsCode: string }> = {};
const visitIds: Record<string, string> = {};

const PATIENT = 'CANARYPATIENT Margaret';
const CONTACT = 'CANARYCONTACT David';
const MOBILE = '+447700900999';
const EMAIL = 'canary.contact@example.org';
const CANARIES = /CANARY|canary|7700900999/;

const ANALYST = 'group.analyst@nhs.net'; // reporting analyst, UHN group (RNQ + RNS)
const GROUP_ADMIN = 'group.admin@nhs.net';
const RNQ_ADMIN = 'trust.admin@kgh.nhs.uk';
const R1K_ANALYST = 'analyst.r1k@nhs.net';

const STATS = `query Stats($from: DateTime!, $to: DateTime!, $groupBy: StatsGrouping!, $bucket: StatsBucket!, $acrossGroup: Boolean) {
  visitStats(from: $from, to: $to, groupBy: $groupBy, bucket: $bucket, acrossGroup: $acrossGroup) {
    bucketStart group { kind id code name } booked completed cancelled missed completionRate
    averageDurationSeconds medianDurationSeconds p90DurationSeconds messagesDelivered messagesFailed
  }
}`;

interface Row {
  bucketStart: string;
  group: { kind: string; id: string; code: string; name: string };
  booked: number;
  completed: number;
  cancelled: number;
  missed: number;
  completionRate: number | null;
  averageDurationSeconds: number | null;
  medianDurationSeconds: number | null;
  p90DurationSeconds: number | null;
  messagesDelivered: number;
  messagesFailed: number;
}

/** The three days around the spring clock change: Saturday 28 (GMT), Sunday 29 (23 hours), Monday 30 March (BST). */
const SPRING = { from: '2026-03-28T00:00:00Z', to: '2026-03-31T00:00:00+01:00' };

const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.map((e) => e.extensions?.code) ?? [];
const fields = (result: { errors?: { extensions?: { fields?: { field: string; message: string }[] } }[] }) => result.errors?.[0]?.extensions?.fields ?? [];

async function stats(email: string, trust: string | undefined, variables: Record<string, unknown>) {
  return api.as<{ visitStats: Row[] }>(email, STATS, variables, trust);
}

async function rows(email: string, trust: string | undefined, variables: Record<string, unknown>): Promise<Row[]> {
  const result = await stats(email, trust, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.visitStats;
}

/** Counts and durations of a row, without its group: what the fixture's arithmetic gives. */
const numbers = (row: Row) => {
  const { bucketStart: _b, group: _g, ...rest } = row;
  return rest;
};
const counted = (booked: number, completed: number, cancelled: number, missed: number, rate: number | null, durations: [number, number, number] | null, delivered: number, failed: number) => ({
  booked,
  completed,
  cancelled,
  missed,
  completionRate: rate,
  averageDurationSeconds: durations?.[0] ?? null,
  medianDurationSeconds: durations?.[1] ?? null,
  p90DurationSeconds: durations?.[2] ?? null,
  messagesDelivered: delivered,
  messagesFailed: failed,
});

async function csv(email: string | null, trust: string | undefined, query: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (email) headers.authorization = `Bearer ${await api.tokenFor(email)}`;
  if (trust) headers['x-trust'] = trust;
  return fetch(`${api.url}/reports/visit-stats.csv?${query}`, { headers });
}

interface FixtureVisit {
  key: string;
  ward: string; // site/ward code
  at: string;
  status: VisitStatus;
  duration?: number;
  messages?: NotificationStatus[];
}

/**
 * RNQ (UHN group): the spring clock change, three wards in two hospitals, one visit each
 * side of the range, and one in April local time (23:30 UTC on 31 March).
 */
const RNQ_VISITS: FixtureVisit[] = [
  { key: 'v1', ward: 'RNQ01/ED', at: '2026-03-28T10:00:00Z', status: 'completed', duration: 600, messages: ['delivered', 'delivered'] },
  { key: 'v2', ward: 'RNQ01/ED', at: '2026-03-28T12:00:00Z', status: 'completed', duration: 1200, messages: ['permanent-failure'] },
  { key: 'v3', ward: 'RNQ01/ED', at: '2026-03-28T23:30:00Z', status: 'completed', duration: 3000, messages: ['sent'] }, // 23:30 GMT: still Saturday
  { key: 'v4', ward: 'RNQ01/ED', at: '2026-03-28T14:00:00Z', status: 'cancelled', messages: ['technical-failure'] },
  { key: 'v5', ward: 'RNQ01/ED', at: '2026-03-28T15:00:00Z', status: 'missed', messages: ['temporary-failure'] },
  { key: 'v6', ward: 'RNQ01/ED', at: '2026-03-28T16:00:00Z', status: 'booked', messages: ['pending'] },
  { key: 'v7', ward: 'RNQ01/ED', at: '2026-03-29T00:30:00Z', status: 'completed', duration: 900, messages: ['delivered', 'superseded'] }, // 00:30 GMT Sunday
  { key: 'v8', ward: 'RNQ01/ED', at: '2026-03-29T22:30:00Z', status: 'completed', duration: 1500 }, // 23:30 BST: still Sunday
  { key: 'v9', ward: 'RNQ01/ED', at: '2026-03-29T23:30:00Z', status: 'cancelled' }, // 00:30 BST Monday
  { key: 'v10', ward: 'RNQ01/CCU', at: '2026-03-28T11:00:00Z', status: 'missed' },
  { key: 'v11', ward: 'RNQ02/REHAB', at: '2026-03-28T14:00:00Z', status: 'completed', duration: 1800 },
  { key: 'v12', ward: 'RNQ02/REHAB', at: '2026-03-28T15:00:00Z', status: 'booked' },
  { key: 'v13', ward: 'RNQ02/REHAB', at: '2026-03-29T14:00:00Z', status: 'ready' },
  { key: 'v14', ward: 'RNQ01/ED', at: '2026-03-27T23:59:00Z', status: 'completed', duration: 60 }, // before the spring range
  { key: 'v15', ward: 'RNQ01/ED', at: '2026-03-31T23:30:00Z', status: 'completed', duration: 120 }, // 00:30 BST 1 April
  // the autumn clock change: Sunday 25 October 2026 is 25 hours long in London
  { key: 'a1', ward: 'RNQ01/W6-RESP', at: '2026-10-24T22:30:00Z', status: 'completed', duration: 300 }, // 23:30 BST Saturday
  { key: 'a2', ward: 'RNQ01/W6-RESP', at: '2026-10-24T23:30:00Z', status: 'completed', duration: 400 }, // 00:30 BST Sunday
  { key: 'a3', ward: 'RNQ01/W6-RESP', at: '2026-10-25T23:30:00Z', status: 'missed' }, // 23:30 GMT Sunday
  { key: 'a4', ward: 'RNQ01/W6-RESP', at: '2026-10-26T00:30:00Z', status: 'cancelled' }, // 00:30 GMT Monday
];
/** RNS, the other trust of the group. */
const RNS_VISITS: FixtureVisit[] = [
  { key: 's1', ward: 'RNS01/ED', at: '2026-03-28T10:00:00Z', status: 'completed', duration: 2400, messages: ['delivered'] },
  { key: 's2', ward: 'RNS01/ED', at: '2026-03-28T11:00:00Z', status: 'missed', messages: ['permanent-failure'] },
];
/** R1K, outside the group. */
const R1K_VISITS: FixtureVisit[] = [
  { key: 'r1', ward: 'R1K01/ED', at: '2026-03-28T10:00:00Z', status: 'completed', duration: 999, messages: ['delivered'] },
  { key: 'r2', ward: 'R1K01/ED', at: '2026-03-28T11:00:00Z', status: 'cancelled' },
  { key: 'r3', ward: 'R1K01/ITU', at: '2026-03-28T12:00:00Z', status: 'missed' },
];

async function insertVisits(odsCode: string, visits: FixtureVisit[]): Promise<void> {
  await api.db.inTrust(trusts[odsCode], async (em: EntityManager) => {
    const wards = await em.find(Ward, {}, { populate: ['hospital'] });
    const wardOf = (code: string) => wards.find((w) => `${w.hospital.getEntity().siteCode}/${w.code}` === code)!;
    for (const fixture of visits) {
      const start = new Date(fixture.at);
      const started = fixture.duration !== undefined || fixture.status === 'ready' ? start : null;
      const visit = em.create(Visit, {
        trust: trusts[odsCode].trustId,
        ward: wardOf(fixture.ward),
        patientName: PATIENT,
        contactName: CONTACT,
        contactMobile: MOBILE,
        contactEmail: EMAIL,
        cancelReason: fixture.status === 'cancelled' ? 'CANARYREASON family unwell' : null,
        scheduledStart: start,
        lengthMinutes: 60,
        scheduledEnd: new Date(start.getTime() + 3600_000),
        status: fixture.status,
        startedAt: started,
        endedAt: fixture.duration !== undefined ? new Date(start.getTime() + fixture.duration * 1000) : null,
        durationSeconds: fixture.duration ?? null,
        bookedByStaffId: '00000000-0000-4000-8000-000000000001',
      });
      visitIds[fixture.key] = visit.id;
      for (const [i, status] of (fixture.messages ?? []).entries()) {
        em.create(Notification, {
          trust: trusts[odsCode].trustId,
          visit,
          kind: i === 0 ? 'bookingConfirmation' : 'visitComplete',
          channel: i % 2 === 0 ? 'sms' : 'email',
          recipientMasked: '07••• •••999',
          status,
          sendAfter: start,
          forVisitStart: start,
        });
      }
    }
  });
}

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => now });
  await api.loadDemoData();
  for (const trust of await api.db.platform((em) => em.find(Trust, {}))) trusts[trust.odsCode] = { trustId: trust.id, odsCode: trust.odsCode };
  await insertVisits('RNQ', RNQ_VISITS);
  await insertVisits('RNS', RNS_VISITS);
  await insertVisits('R1K', R1K_VISITS);
});
afterAll(() => api?.close());

describe('the numbers', () => {
  it('by ward and day across the spring clock change: a visit at 23:30 UTC on 28 March is Saturday, 23:30 UTC on 29 March is Monday in London', async () => {
    const result = await rows(RNQ_ADMIN, 'RNQ', { ...SPRING, groupBy: 'WARD', bucket: 'DAY' });
    expect(result.map((r) => [r.bucketStart, r.group.code])).toEqual([
      ['2026-03-28T00:00:00.000Z', 'RNQ01/CCU'],
      ['2026-03-28T00:00:00.000Z', 'RNQ01/ED'],
      ['2026-03-28T00:00:00.000Z', 'RNQ02/REHAB'],
      ['2026-03-29T00:00:00.000Z', 'RNQ01/ED'], // Sunday: 23 hours long
      ['2026-03-29T00:00:00.000Z', 'RNQ02/REHAB'],
      ['2026-03-29T23:00:00.000Z', 'RNQ01/ED'], // Monday starts at midnight BST
    ]);
    expect(result[0].group).toMatchObject({ kind: 'WARD', name: 'Critical Care Unit' });
    expect(result[1].group).toMatchObject({ kind: 'WARD', name: 'Emergency Department' });
    expect(result.map(numbers)).toEqual([
      counted(1, 0, 0, 1, 0, null, 0, 0),
      // v1..v6: durations 600, 1200, 3000; rate 3/5; delivered v1 x2; failed v2, v4, v5 (sent and pending are neither)
      counted(6, 3, 1, 1, 0.6, [1600, 1200, 2640], 2, 3),
      counted(2, 1, 0, 0, 1, [1800, 1800, 1800], 0, 0),
      // v7 at 00:30 GMT and v8 at 23:30 BST are both Sunday; superseded is neither delivered nor failed
      counted(2, 2, 0, 0, 1, [1200, 1200, 1440], 1, 0),
      // only a visit in progress: no completion rate, no durations
      counted(1, 0, 0, 0, null, null, 0, 0),
      counted(1, 0, 1, 0, 0, null, 0, 0),
    ]);
  });

  it('by day across the autumn clock change: Sunday 25 October runs from 23:00 UTC on the 24th to midnight UTC on the 26th', async () => {
    const result = await rows(RNQ_ADMIN, 'RNQ', { from: '2026-10-24T00:00:00+01:00', to: '2026-10-27T00:00:00Z', groupBy: 'WARD', bucket: 'DAY' });
    expect(result.map((r) => [r.bucketStart, r.group.code, r.booked, r.completed, r.missed, r.cancelled, r.averageDurationSeconds])).toEqual([
      ['2026-10-23T23:00:00.000Z', 'RNQ01/W6-RESP', 1, 1, 0, 0, 300],
      ['2026-10-24T23:00:00.000Z', 'RNQ01/W6-RESP', 2, 1, 1, 0, 400],
      ['2026-10-26T00:00:00.000Z', 'RNQ01/W6-RESP', 1, 0, 0, 1, null],
    ]);
  });

  it('by trust and ISO week: the week of 23 March (GMT) and the week of 30 March (from midnight BST)', async () => {
    const result = await rows(RNQ_ADMIN, 'RNQ', { ...SPRING, groupBy: 'TRUST', bucket: 'WEEK' });
    expect(result.map((r) => r.bucketStart)).toEqual(['2026-03-23T00:00:00.000Z', '2026-03-29T23:00:00.000Z']);
    expect(result[0].group).toEqual({ kind: 'TRUST', id: trusts.RNQ.trustId, code: 'RNQ', name: 'Kettering General Hospital NHS Foundation Trust' });
    // durations 600, 900, 1200, 1500, 1800, 3000: mean 1500, median 1350, p90 1800 + 0.5 * 1200
    expect(numbers(result[0])).toEqual(counted(12, 6, 1, 2, 0.6667, [1500, 1350, 2400], 3, 3));
    expect(numbers(result[1])).toEqual(counted(1, 0, 1, 0, 0, null, 0, 0));
  });

  it('by hospital and month: 00:30 BST on 1 April is April, though it is 31 March in UTC', async () => {
    const result = await rows(RNQ_ADMIN, 'RNQ', { from: '2026-03-01T00:00:00Z', to: '2026-05-01T00:00:00+01:00', groupBy: 'HOSPITAL', bucket: 'MONTH' });
    expect(result.map((r) => [r.bucketStart, r.group.kind, r.group.code, r.group.name])).toEqual([
      ['2026-03-01T00:00:00.000Z', 'HOSPITAL', 'RNQ01', 'Kettering General Hospital'],
      ['2026-03-01T00:00:00.000Z', 'HOSPITAL', 'RNQ02', 'Nene Park'],
      ['2026-03-31T23:00:00.000Z', 'HOSPITAL', 'RNQ01', 'Kettering General Hospital'],
    ]);
    // RNQ01 in March: v1-v10 and v14; durations 60, 600, 900, 1200, 1500, 3000
    expect(numbers(result[0])).toEqual(counted(11, 6, 2, 2, 0.6, [1210, 1050, 2250], 3, 3));
    expect(numbers(result[1])).toEqual(counted(3, 1, 0, 0, 1, [1800, 1800, 1800], 0, 0));
    expect(numbers(result[2])).toEqual(counted(1, 1, 0, 0, 1, [120, 120, 120], 0, 0));
  });

  it('counts a visit from its scheduled start: from is inclusive, to exclusive', async () => {
    const result = await rows(RNQ_ADMIN, 'RNQ', { from: '2026-03-27T23:59:00Z', to: '2026-03-28T10:00:00Z', groupBy: 'TRUST', bucket: 'DAY' });
    expect(result.map((r) => [r.bucketStart, r.booked])).toEqual([['2026-03-27T00:00:00.000Z', 1]]);
  });

  it('by group: every trust of the group (RNQ and RNS), never R1K; the same for a group admin, and from either trust', async () => {
    const variables = { from: '2026-03-28T00:00:00Z', to: '2026-03-29T00:00:00Z', groupBy: 'GROUP', bucket: 'DAY' };
    const result = await rows(ANALYST, 'RNQ', variables);
    expect(result).toHaveLength(1);
    expect(result[0].group).toMatchObject({ kind: 'GROUP', code: 'UHN', name: 'University Hospitals of Northamptonshire' });
    // RNQ's Saturday (9 visits) and RNS's (2): durations 600, 1200, 1800, 2400, 3000
    expect(numbers(result[0])).toEqual(counted(11, 5, 1, 3, 0.5556, [1800, 1800, 2760], 3, 4));
    expect(await rows(ANALYST, 'RNS', variables)).toEqual(result);
    expect(await rows(GROUP_ADMIN, 'RNQ', variables)).toEqual(result);
  });

  it('across the group by trust: a row for each trust of the group the analyst reaches', async () => {
    const result = await rows(ANALYST, 'RNS', { from: '2026-03-28T00:00:00Z', to: '2026-03-29T00:00:00Z', groupBy: 'TRUST', bucket: 'DAY', acrossGroup: true });
    expect(result.map((r) => [r.group.code, r.booked, r.completed, r.missed, r.messagesFailed])).toEqual([
      ['RNQ', 9, 4, 2, 3],
      ['RNS', 2, 1, 1, 1],
    ]);
  });

  it('answers an empty list for a range with no visits', async () => {
    expect(await rows(ANALYST, 'RNQ', { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z', groupBy: 'GROUP', bucket: 'WEEK' })).toEqual([]);
  });
});

describe('who may read reports', () => {
  const variables = { ...SPRING, groupBy: 'TRUST', bucket: 'DAY' };

  it.each([
    ['ward staff', 'nurse.rnq@nhs.net', 'RNQ'],
    ['a ward manager', 'ward.manager.rnq@nhs.net', 'RNQ'],
    ['a platform admin', 'platform.admin@nhs.net', 'RNQ'],
    ['an analyst of another trust, naming this one', R1K_ANALYST, 'RNQ'],
  ])('refuses %s as FORBIDDEN, through GraphQL and CSV', async (_label, email, trust) => {
    const result = await stats(email, trust, variables);
    expect(codes(result)).toEqual(['FORBIDDEN']);
    expect(result.data).toBeNull();
    const response = await csv(email, trust, 'from=2026-03-28&to=2026-03-31&groupBy=trust&bucket=day');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toMatch(/Emergency|booked/);
  });

  it('refuses a report across the group to trust-level roles: a trust admin and a trust analyst', async () => {
    expect(codes(await stats(RNQ_ADMIN, 'RNQ', { ...variables, groupBy: 'GROUP' }))).toEqual(['FORBIDDEN']);
    expect(codes(await stats(RNQ_ADMIN, 'RNQ', { ...variables, acrossGroup: true }))).toEqual(['FORBIDDEN']);
    expect(codes(await stats(R1K_ANALYST, undefined, { ...variables, groupBy: 'GROUP' }))).toEqual(['FORBIDDEN']);
  });

  it('refuses the signed-out: UNAUTHENTICATED, and 401 for the CSV', async () => {
    expect(codes(await api.graphql(STATS, variables))).toEqual(['UNAUTHENTICATED']);
    expect((await csv(null, undefined, 'from=2026-03-28&to=2026-03-31&groupBy=trust&bucket=day')).status).toBe(401);
  });

  it("never shows another trust's numbers in a trust report", async () => {
    const r1k = await rows(R1K_ANALYST, undefined, { ...variables, groupBy: 'WARD' });
    expect(r1k.map((r) => [r.group.code, r.booked, r.completed, r.cancelled, r.missed, r.averageDurationSeconds, r.messagesDelivered])).toEqual([
      ['R1K01/ITU', 1, 0, 0, 1, null, 0],
      ['R1K01/ED', 2, 1, 1, 0, 999, 1],
    ]);
    const rnq = await rows(ANALYST, 'RNQ', { ...variables, groupBy: 'WARD' });
    const wardIds = await api.db.inTrust(trusts.RNQ, (em) => em.find(Ward, {})).then((wards) => new Set(wards.map((w) => w.id)));
    expect(rnq.length).toBeGreaterThan(0);
    for (const row of rnq) expect(wardIds.has(row.group.id)).toBe(true);
    expect(rnq.reduce((sum, r) => sum + r.booked, 0)).toBe(13); // RNQ's v1-v13, not RNS's or R1K's
    const rnqTrust = await rows(ANALYST, 'RNQ', variables);
    expect(rnqTrust.every((r) => r.group.code === 'RNQ')).toBe(true);
  });
});

describe('checking the input', () => {
  it.each([
    ['from after to', { from: '2026-03-31T00:00:00Z', to: '2026-03-28T00:00:00Z' }, [{ field: 'to', message: 'must be after from' }]],
    ['an empty range', { from: '2026-03-28T00:00:00Z', to: '2026-03-28T00:00:00Z' }, [{ field: 'to', message: 'must be after from' }]],
    ['more than two years', { from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:01Z' }, [{ field: 'to', message: 'must be at most 2 years after from' }]],
  ])('refuses %s as BAD_USER_INPUT naming the field', async (_label, range, expected) => {
    const result = await stats(ANALYST, 'RNQ', { ...range, groupBy: 'TRUST', bucket: 'DAY' });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(fields(result)).toEqual(expected);
  });

  it('accepts exactly two years', async () => {
    const result = await stats(ANALYST, 'RNQ', { from: '2024-06-01T00:00:00Z', to: '2026-06-01T00:00:00Z', groupBy: 'TRUST', bucket: 'MONTH' });
    expect(result.errors).toBeUndefined();
  });

  it('refuses a grouping or bucket that does not exist', async () => {
    expect(codes(await stats(ANALYST, 'RNQ', { ...SPRING, groupBy: 'PATIENT', bucket: 'DAY' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stats(ANALYST, 'RNQ', { ...SPRING, groupBy: 'WARD', bucket: 'HOUR' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses bad CSV parameters with 400, naming each field', async () => {
    const response = await csv(ANALYST, 'RNQ', 'from=yesterday&to=2026-03-31&groupBy=patient&bucket=day&acrossGroup=maybe');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fields: { field: string }[] } };
    expect(body.error.code).toBe('BAD_USER_INPUT');
    expect(body.error.fields.map((f) => f.field).sort()).toEqual(['acrossGroup', 'from', 'groupBy']);
  });

  it.each([
    ['an offset that does not exist', 'from=2026-03-01T00:00:00%2B25:00&to=2026-04-01', 'has a UTC offset that does not exist'],
    ['minutes of an offset that do not exist', 'from=2026-03-01T00:00:00%2B01:99&to=2026-04-01', 'has a UTC offset that does not exist'],
    ['a year long gone', 'from=0001-01-01&to=2026-01-01', 'must be between the years 2000 and 2099'],
    ['a year far off, with its offset', 'from=9999-01-01T00:00:00Z&to=2026-12-01T00:00:00Z', 'must be between the years 2000 and 2099'],
    ['a local time the clocks skip (01:30 on 29 March 2026)', 'from=2026-03-29T01:30&to=2026-04-01', 'is a time that does not happen in London (the clocks go forward then)'],
    ['a day that does not exist', 'from=2026-02-31&to=2026-04-01', 'is not a real date (check the day of the month)'],
    ['a date given twice', 'from=2026-03-01&from=2026-03-02&to=2026-04-01', 'must be given once'],
  ])('refuses %s in a CSV link with 400 naming the field once, in the words the API uses', async (_label, range, message) => {
    const response = await csv(ANALYST, 'RNQ', `${range}&groupBy=ward&bucket=day`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fields: { field: string; message: string }[] } };
    expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'from', message }] });
    expect(body.error.fields).toHaveLength(1);
  });

  it('reads a CSV link the same as GraphQL for an instant with its offset, and a local time in London around the clock change', async () => {
    const sameAsGraphql = await csv(ANALYST, 'RNQ', 'from=2026-03-28T00:00:00Z&to=2026-03-31T00:00:00%2B01:00&groupBy=trust&bucket=day');
    const local = await csv(ANALYST, 'RNQ', 'from=2026-03-28T00:00&to=2026-03-31&groupBy=trust&bucket=day');
    expect(sameAsGraphql.status).toBe(200);
    expect(local.status).toBe(200);
    expect(await local.text()).toBe(await sameAsGraphql.text());
  });
});

describe('no personal data, whatever the query', () => {
  it('VisitStats and everything under it has only aggregate and place fields', async () => {
    const result = await api.as<{ stats: { fields: { name: string; type: { name: string | null; ofType: { name: string | null } | null } }[] }; group: { fields: { name: string }[] } }>(
      ANALYST,
      '{ stats: __type(name: "VisitStats") { fields { name type { name ofType { name } } } } group: __type(name: "VisitStatsGroup") { fields { name } } }',
      {},
      'RNQ',
    );
    expect(result.data!.stats.fields.map((f) => f.name).sort()).toEqual(
      ['averageDurationSeconds', 'booked', 'bucketStart', 'cancelled', 'completed', 'completionRate', 'group', 'medianDurationSeconds', 'messagesDelivered', 'messagesFailed', 'missed', 'p90DurationSeconds'].sort(),
    );
    const objectTypes = result.data!.stats.fields.map((f) => f.type.name ?? f.type.ofType?.name).filter((name) => !['Int', 'Float', 'DateTime', 'String', 'ID'].includes(name ?? ''));
    expect(objectTypes).toEqual(['VisitStatsGroup']);
    expect(result.data!.group.fields.map((f) => f.name).sort()).toEqual(['code', 'id', 'kind', 'name']);
  });

  it('an analyst gets no visit: visit(id) is NOT_FOUND and visits is empty, asking for personal fields or not', async () => {
    for (const trust of ['RNQ', 'RNS']) {
      const one = await api.as(ANALYST, 'query($id: ID!) { visit(id: $id) { id patientName contactName contactMobile contactEmail cancelReason } }', { id: visitIds.v4 }, trust);
      expect(codes(one)).toEqual(['NOT_FOUND']);
      const list = await api.as<{ visits: { edges: unknown[] } }>(ANALYST, '{ visits(filter: { from: "2026-03-01T00:00:00Z", to: "2026-04-30T00:00:00Z" }) { edges { node { id patientName contactMobile } } } }', {}, trust);
      expect(list.data?.visits.edges ?? []).toEqual([]);
      expect(JSON.stringify([one, list])).not.toMatch(CANARIES);
    }
  });

  it('no report, in any grouping or bucket, GraphQL or CSV, carries a name, number, address or reason', async () => {
    for (const groupBy of ['ward', 'hospital', 'trust', 'group']) {
      for (const bucket of ['day', 'week', 'month']) {
        const result = await stats(ANALYST, 'RNQ', { from: '2026-03-01T00:00:00Z', to: '2026-05-01T00:00:00Z', groupBy: groupBy.toUpperCase(), bucket: bucket.toUpperCase(), acrossGroup: true });
        expect(result.errors).toBeUndefined();
        expect(result.data!.visitStats.length).toBeGreaterThan(0);
        expect(JSON.stringify(result)).not.toMatch(CANARIES);
        const response = await csv(ANALYST, 'RNQ', `from=2026-03-01&to=2026-05-01&groupBy=${groupBy}&bucket=${bucket}&acrossGroup=true`);
        expect(response.status).toBe(200);
        expect(await response.text()).not.toMatch(CANARIES);
      }
    }
  });
});

describe('the CSV download', () => {
  it('gives the same numbers as GraphQL: RFC 4180, a header row, a download that is never cached', async () => {
    const response = await csv(RNQ_ADMIN, 'RNQ', `from=${encodeURIComponent(SPRING.from)}&to=${encodeURIComponent(SPRING.to)}&groupBy=ward&bucket=day`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="visit-stats-RNQ-ward-day-20260328-to-20260331.csv"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.text();
    const lines = body.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      'bucketStart,bucketDate,groupKind,groupId,groupCode,groupName,booked,completed,cancelled,missed,completionRate,averageDurationSeconds,medianDurationSeconds,p90DurationSeconds,messagesDelivered,messagesFailed',
    );
    const ed = await api.db.inTrust(trusts.RNQ, (em) => em.findOneOrFail(Ward, { code: 'ED', hospital: { siteCode: 'RNQ01' } }));
    expect(lines).toContain(`2026-03-28T00:00:00.000Z,2026-03-28,ward,${ed.id},RNQ01/ED,Emergency Department,6,3,1,1,0.6,1600,1200,2640,2,3`);
    expect(lines).toContain(`2026-03-29T23:00:00.000Z,2026-03-30,ward,${ed.id},RNQ01/ED,Emergency Department,1,0,1,0,0,,,,0,0`);

    const graphql = await rows(RNQ_ADMIN, 'RNQ', { ...SPRING, groupBy: 'WARD', bucket: 'DAY' });
    expect(lines.slice(1, -1)).toHaveLength(graphql.length);
    lines.slice(1, -1).forEach((line, i) => {
      const cells = line.split(',');
      const row = graphql[i];
      expect(cells[0]).toBe(row.bucketStart);
      expect(cells[3]).toBe(row.group.id);
      expect(cells.slice(6).map((c) => (c === '' ? null : Number(c)))).toEqual(Object.values(numbers(row)));
    });
  });

  it('reads a date without a time as midnight in London: from=2026-03-29 starts at 00:00 GMT, to=2026-03-30 ends at 23:00 UTC', async () => {
    const body = await (await csv(RNQ_ADMIN, 'RNQ', 'from=2026-03-29&to=2026-03-30&groupBy=trust&bucket=day')).text();
    // v7 (00:30 GMT) and v8 (23:30 BST) and v13: Sunday only; v9 (00:30 BST Monday) is out
    expect(body.split('\r\n')[1]).toMatch(/^2026-03-29T00:00:00.000Z,2026-03-29,trust,[^,]+,RNQ,Kettering General Hospital NHS Foundation Trust,3,2,0,0,1,/);
    expect(body.split('\r\n')).toHaveLength(3);
  });

  it('keeps a name that looks like a formula from running in a spreadsheet, and quotes commas and quotes', async () => {
    const dangerous = '=HYPERLINK("http://example.org/x","Critical, Care")';
    const original = await api.db.inTrust(trusts.R1K, async (em) => {
      const itu = await em.findOneOrFail(Ward, { code: 'ITU' });
      const name = itu.name;
      itu.name = dangerous;
      return name;
    });
    try {
      const body = await (await csv(R1K_ANALYST, undefined, 'from=2026-03-28&to=2026-03-29&groupBy=ward&bucket=day')).text();
      const itu = body.split('\r\n').find((line) => line.includes('R1K01/ITU'))!;
      expect(itu).toContain(`,R1K01/ITU,"'=HYPERLINK(""http://example.org/x"",""Critical, Care"")",1,0,0,1,0,,,,0,0`);
      expect(body).not.toMatch(/,=HYPERLINK/);
    } finally {
      await api.db.inTrust(trusts.R1K, async (em) => {
        (await em.findOneOrFail(Ward, { code: 'ITU' })).name = original;
      });
    }
  });
});
