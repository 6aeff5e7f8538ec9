import { graphqlEnumName } from '@vv/contracts';
import fc from 'fast-check';
import pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Notification } from '@vv/domain/notifications';
import { REBUILD_DAY_STATS_SQL, STATS_BUCKETS, STATS_GROUPINGS, visitStatsStatement, type VisitStatsSqlRow } from '@vv/domain/reporting';
import { Trust, Ward } from '@vv/domain/trusts';
import { RetentionService, Visit, VisitService } from '@vv/domain/visits';
import { until } from '@vv/platform/testing';
import { startApiTestHarness, type ApiTestHarness } from '../testing/api-test-harness';

/**
 * Reports read daily rollups kept current by triggers. Whatever happens to visits and their
 * messages (booked, moved to another day, cancelled, started, completed, missed, erased,
 * delivered or failed), the reports must give exactly the numbers counted from the visits and
 * messages themselves (`visitStatsStatement`, the definition), and the rollup rows must equal
 * those computed afresh.
 */
let now = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT
let api: ApiTestHarness;
let wards: Record<string, string>;
let rnq: { trustId: string; odsCode: string };
let groupTrustIds: string[];

const NURSE = 'nurse.rnq@nhs.net'; // ward staff, RNQ ED (24 hours, 4 at once)
const MANAGER = 'ward.manager.rnq@nhs.net'; // ward manager, RNQ CCU (11:00-13:00 and 15:00-20:00) and W6-RESP
const ADMIN = 'trust.admin@kgh.nhs.uk';
const ANALYST = 'group.analyst@nhs.net'; // reporting analyst, UHN group (RNQ + RNS)

const BOOK = 'mutation Book($input: BookVisitInput!) { bookVisit(input: $input) { id } }';
const START = 'mutation Start($id: ID!) { startVisit(id: $id) { visit { status } } }';
const COMPLETE = 'mutation Complete($id: ID!) { completeVisit(id: $id) { status } }';
const CANCEL = 'mutation Cancel($id: ID!, $reason: String!) { cancelVisit(id: $id, reason: $reason) { status } }';
const RESCHEDULE = 'mutation Move($id: ID!, $startAt: DateTime!) { rescheduleVisit(id: $id, startAt: $startAt) { status } }';
const STATS = `query Stats($from: DateTime!, $to: DateTime!, $groupBy: StatsGrouping!, $bucket: StatsBucket!, $acrossGroup: Boolean) {
  visitStats(from: $from, to: $to, groupBy: $groupBy, bucket: $bucket, acrossGroup: $acrossGroup) {
    bucketStart group { id } booked completed cancelled missed completionRate
    averageDurationSeconds medianDurationSeconds p90DurationSeconds messagesDelivered messagesFailed
  }
}`;

interface Numbers {
  bucketStart: string;
  groupId: string | null;
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

/** What a report is asked for: a range, a grouping and a bucket, and for the analyst's whole group or the active trust. */
interface Asked {
  from: string;
  to: string;
  groupBy: string;
  bucket: string;
  acrossGroup?: boolean;
}

/** The report through the API (from the rollups). */
async function reported(variables: Asked): Promise<Numbers[]> {
  // the API names a grouping and a bucket as its enums do (WARD, DAY)
  const asked = { ...variables, groupBy: graphqlEnumName(variables.groupBy), bucket: graphqlEnumName(variables.bucket) };
  const result = await api.as<{ visitStats: (Omit<Numbers, 'groupId'> & { group: { id: string } })[] }>(ANALYST, STATS, asked, 'RNQ');
  expect(result.errors).toBeUndefined();
  return result.data!.visitStats
    .map(({ group, ...row }) => ({ ...row, groupId: variables.groupBy === 'group' ? null : group.id }))
    .sort((a, b) => a.bucketStart.localeCompare(b.bucketStart) || String(a.groupId).localeCompare(String(b.groupId)));
}

/** The same report counted from the visits and messages themselves. */
async function counted(variables: Asked): Promise<Numbers[]> {
  const statement = visitStatsStatement(variables.groupBy as never, variables.bucket as never);
  // a group report, or one across the group, counts the whole group (RNQ and RNS); the others the active trust
  const trustIds = variables.groupBy === 'group' || variables.acrossGroup ? groupTrustIds : [rnq.trustId];
  const rows = await api.db.acrossTrusts(trustIds, (em: EntityManager) =>
    em.getConnection().execute<VisitStatsSqlRow[]>(statement.sql, statement.params({ trustIds, from: new Date(variables.from), to: new Date(variables.to) }), 'all', em.getTransactionContext()),
  );
  const nullable = (value: number | string | null) => (value === null ? null : Number(value));
  return rows
    .map((row) => ({
      bucketStart: new Date(row.bucket_start).toISOString(),
      groupId: variables.groupBy === 'group' ? null : row.group_id,
      booked: Number(row.booked),
      completed: Number(row.completed),
      cancelled: Number(row.cancelled),
      missed: Number(row.missed),
      completionRate: nullable(row.completion_rate),
      averageDurationSeconds: nullable(row.average_duration_seconds),
      medianDurationSeconds: nullable(row.median_duration_seconds),
      p90DurationSeconds: nullable(row.p90_duration_seconds),
      messagesDelivered: Number(row.messages_delivered),
      messagesFailed: Number(row.messages_failed),
    }))
    .sort((a, b) => a.bucketStart.localeCompare(b.bucketStart) || String(a.groupId).localeCompare(String(b.groupId)));
}

/** Ranges: whole local days, and ranges that start and end inside a day. */
const RANGES = [
  { from: '2026-11-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
  { from: '2026-11-23T10:30:00Z', to: '2026-11-25T13:15:00Z' },
  { from: '2026-11-24T01:00:00Z', to: '2026-11-24T20:00:00Z' },
];
/** The same around the autumn clock change (Sunday 25 October 2026 is 25 hours long in London). */
const CLOCK_CHANGE_RANGES = [
  { from: '2026-10-24T00:00:00+01:00', to: '2026-10-27T00:00:00Z' },
  { from: '2026-10-25T00:30:00Z', to: '2026-10-26T12:00:00Z' },
];

async function expectReportsAsCounted(ranges = RANGES, { acrossGroup = false } = {}): Promise<void> {
  for (const range of ranges) {
    for (const groupBy of STATS_GROUPINGS) {
      for (const bucket of STATS_BUCKETS) {
        // by ward, hospital or trust across the group too, when asked
        for (const across of acrossGroup && groupBy !== 'group' ? [false, true] : [false]) {
          const variables: Asked = { ...range, groupBy, bucket, ...(across ? { acrossGroup: true } : {}) };
          expect({ variables, rows: await reported(variables) }).toEqual({ variables, rows: await counted(variables) });
        }
      }
    }
  }
}

const VISIT_ROWS = `select trust_id, to_char(day, 'YYYY-MM-DD') as day, ward_id, booked, completed, cancelled, missed, duration_seconds_total::text as seconds,
  duration_minutes, duration_counts from visit_day_stats where booked <> 0 or duration_seconds_total <> 0 or duration_minutes <> '{}' or duration_counts <> '{}' order by 1, 2, 3`;
const MESSAGE_ROWS = `select trust_id, to_char(day, 'YYYY-MM-DD') as day, ward_id, delivered, failed from message_day_stats where delivered <> 0 or failed <> 0 order by 1, 2, 3`;

/** The rollup rows as the triggers keep them, and as computed afresh from the visits (rows that count nothing left out). */
async function rollupsAsRebuilt(): Promise<{ kept: unknown[]; rebuilt: unknown[] }> {
  const owner = new pg.Client({ connectionString: api.database.ownerUrl });
  await owner.connect();
  try {
    const read = async () => [
      // the histogram as visits per minute (its entries are in no order); arrays of unequal length, a minute
      // twice or a count of 0 show as a difference
      ...(await owner.query<{ duration_minutes: number[]; duration_counts: number[] }>(VISIT_ROWS)).rows.map(({ duration_minutes: minutes, duration_counts: counts, ...row }) => ({
        ...row,
        histogram: minutes.map((minute, i) => [minute, counts[i]]).sort(([a], [b]) => a - b),
        entries: [minutes.length, counts.length],
      })),
      ...(await owner.query(MESSAGE_ROWS)).rows,
    ];
    // Read and computed afresh in one transaction that is rolled back, so the kept rows stay as they
    // are. It first holds off writers (a worker still recording a receipt, say): the visits and
    // messages before their rollups, in the order writers take them, so both reads see one moment.
    await owner.query('begin');
    await owner.query('lock table visit, notification, visit_day_stats, message_day_stats in share mode');
    const kept = await read();
    for (const statement of REBUILD_DAY_STATS_SQL) await owner.query(statement);
    const rebuilt = await read();
    await owner.query('rollback');
    return { kept, rebuilt };
  } finally {
    await owner.end();
  }
}

async function book(email: string, ward: string, startAt: string, extra: Record<string, unknown> = {}): Promise<string> {
  const result = await api.as<{ bookVisit: { id: string } }>(email, BOOK, {
    input: { wardId: wards[ward], patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900123', startAt, lengthMinutes: 30, ...extra },
  });
  expect(result.errors).toBeUndefined();
  return result.data!.bookVisit.id;
}

async function act(email: string, mutation: string, variables: Record<string, unknown>): Promise<void> {
  const result = await api.as(email, mutation, variables);
  expect(result.errors).toBeUndefined();
}

/** Visits of RNS, the group's other trust, written as any code path could (its wards in turn). */
async function insertRnsVisits(visits: { at: string; status: string; seconds: number | null }[]): Promise<void> {
  const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNS' }));
  const rns = { trustId: trust.id, odsCode: trust.odsCode };
  await api.db.inTrust(rns, async (em) => {
    const rnsWards = await em.find(Ward, {}, { orderBy: { code: 'asc' }, limit: 2 });
    for (const [i, visit] of visits.entries()) {
      const start = new Date(visit.at);
      await em.getConnection().execute(
        `insert into visit (trust_id, id, ward_id, scheduled_start, length_minutes, scheduled_end, status, duration_seconds, booked_by_staff_id, version)
         values (?, gen_random_uuid(), ?, ?, 30, ?, ?, ?, '00000000-0000-4000-8000-000000000001', 1)`,
        [rns.trustId, rnsWards[i % rnsWards.length].id, start, new Date(start.getTime() + 30 * 60_000), visit.status, visit.seconds],
        'run',
        em.getTransactionContext(),
      );
    }
  });
}

/** Every message accepted for sending has its outcome (delivered or failed), or was superseded. */
async function messagesSettled(): Promise<void> {
  await until(async () => {
    await api.noJobRunning();
    const open = await api.db.inTrust(rnq, (em) => em.count(Notification, { status: { $in: ['pending', 'sending', 'sent'] } }));
    return open === 0;
  });
}

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => now, worker: true });
  await api.loadDemoData();
  const trust = await api.db.platform((em) => em.findOneOrFail(Trust, { odsCode: 'RNQ' }));
  rnq = { trustId: trust.id, odsCode: trust.odsCode };
  groupTrustIds = (await api.db.platform((em) => em.find(Trust, { odsCode: { $in: ['RNQ', 'RNS'] } }))).map((t) => t.id).sort();
  const result = await api.as<{ wards: { id: string; code: string }[] }>(ADMIN, '{ wards { id code } }');
  wards = Object.fromEntries(result.data!.wards.map((w) => [w.code, w.id]));
});
afterAll(() => api?.close());

describe('reports from the daily rollups equal the numbers counted from the visits', () => {
  it('through booking, moving to another day, cancelling, starting, completing, missing, messages delivered and failed, and erasure', async () => {
    // Monday 23 November: five visits on two wards, one whose texts fail (Notify's test number)
    const early = await book(NURSE, 'ED', '2026-11-23T09:10:00Z');
    const late = await book(NURSE, 'ED', '2026-11-23T23:30:00Z'); // still Monday in London (GMT)
    const failing = await book(NURSE, 'ED', '2026-11-23T12:00:00Z', { contactMobile: '07700 900002' });
    const ccu = await book(MANAGER, 'CCU', '2026-11-23T11:00:00Z', { contactEmail: 'david@example.org' });
    const forgotten = await book(NURSE, 'ED', '2026-11-23T09:30:00Z', { lengthMinutes: 15 });
    // and the group's other trust: visits on two of its wards, one completed, one missed, one to come
    await insertRnsVisits([
      { at: '2026-11-23T10:00:00Z', status: 'completed', seconds: 1234 },
      { at: '2026-11-23T14:00:00Z', status: 'missed', seconds: null },
      { at: '2026-11-24T11:00:00Z', status: 'booked', seconds: null },
    ]);
    await messagesSettled();
    await expectReportsAsCounted(RANGES, { acrossGroup: true });

    // moved across midnight to Tuesday with its delivered messages, then to Wednesday; one cancelled; one moved within the day
    await act(NURSE, RESCHEDULE, { id: late, startAt: '2026-11-24T00:30:00Z' });
    await act(NURSE, RESCHEDULE, { id: late, startAt: '2026-11-25T12:00:00Z' });
    await act(NURSE, CANCEL, { id: failing, reason: 'Patient discharged' });
    await act(MANAGER, RESCHEDULE, { id: ccu, startAt: '2026-11-23T12:00:00Z' });
    // started and completed: 14 minutes 30 seconds
    now = new Date('2026-11-23T09:10:00Z');
    await act(NURSE, START, { id: early });
    now = new Date('2026-11-23T09:24:30Z');
    await act(NURSE, COMPLETE, { id: early });
    // the one nobody started is missed once its slot is over
    now = new Date('2026-11-23T10:00:00Z');
    expect(await api.appGet<VisitService>(VisitService).markMissed(rnq)).toBeGreaterThanOrEqual(1);
    await messagesSettled();
    await expectReportsAsCounted();
    const moved = await rollupsAsRebuilt();
    expect(moved.kept).toEqual(moved.rebuilt);

    // the ward's next visits, completed, then the retention period passes: details go, numbers stay
    now = new Date('2026-11-23T12:00:00Z');
    await act(MANAGER, START, { id: ccu });
    now = new Date('2026-11-23T12:41:07Z');
    await act(MANAGER, COMPLETE, { id: ccu });
    await messagesSettled();
    const before = await reported({ ...RANGES[0], groupBy: 'ward', bucket: 'day' });
    now = new Date('2027-03-01T09:00:00Z');
    expect(await api.appGet<RetentionService>(RetentionService).eraseExpired(rnq)).toBeGreaterThanOrEqual(3);
    expect(await api.db.inTrust(rnq, (em) => em.count(Visit, { id: { $in: [early, failing, ccu, forgotten] }, personalDataErasedAt: null }))).toBe(0);
    expect(await reported({ ...RANGES[0], groupBy: 'ward', bucket: 'day' })).toEqual(before);
    await expectReportsAsCounted(RANGES, { acrossGroup: true });
    const { kept, rebuilt } = await rollupsAsRebuilt();
    expect(kept).toEqual(rebuilt);
    // and the report saw what happened: a completed visit of 14.5 minutes, a failed text
    expect(before.some((row) => row.completed > 0 && row.averageDurationSeconds === 870)).toBe(true);
    // medians and 90th percentiles are taken over durations in whole minutes: 14 minutes 30 seconds counts as 14
    expect(before.some((row) => row.completed === 1 && row.medianDurationSeconds === 840 && row.p90DurationSeconds === 840)).toBe(true);
    expect(before.some((row) => row.messagesFailed > 0)).toBe(true);
  });
});

describe('the triggers, under any sequence of changes', () => {
  /** One change of a visit or message, as any code path could make it. */
  type Change =
    | { kind: 'book'; ward: number; day: number; minute: number; status: number; duration: number }
    | { kind: 'move'; visit: number; ward: number; day: number; minute: number }
    | { kind: 'status'; visit: number; status: number; duration: number }
    | { kind: 'message'; visit: number; status: number }
    | { kind: 'receipt'; message: number; status: number }
    | { kind: 'forget'; message: number }
    | { kind: 'delete'; visit: number };
  const STATUSES = ['booked', 'ready', 'in_progress', 'completed', 'cancelled', 'missed'] as const;
  const MESSAGE_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure', 'superseded'] as const;
  const index = fc.nat({ max: 50 });
  const change: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ kind: fc.constant('book' as const), ward: fc.nat({ max: 1 }), day: fc.nat({ max: 2 }), minute: fc.nat({ max: 1439 }), status: fc.nat({ max: 5 }), duration: fc.nat({ max: 3 }) }),
    fc.record({ kind: fc.constant('move' as const), visit: index, ward: fc.nat({ max: 1 }), day: fc.nat({ max: 2 }), minute: fc.nat({ max: 1439 }) }),
    fc.record({ kind: fc.constant('status' as const), visit: index, status: fc.nat({ max: 5 }), duration: fc.nat({ max: 3 }) }),
    fc.record({ kind: fc.constant('message' as const), visit: index, status: fc.nat({ max: 7 }) }),
    fc.record({ kind: fc.constant('receipt' as const), message: index, status: fc.nat({ max: 7 }) }),
    fc.record({ kind: fc.constant('forget' as const), message: index }),
    fc.record({ kind: fc.constant('delete' as const), visit: index }),
  );
  /** Around the autumn clock change (Sunday 25 October 2026 is 25 hours long), so days in UTC and in London differ. */
  const instant = (day: number, minute: number) => new Date(Date.UTC(2026, 9, 24 + day, 0, minute) - 60 * 60_000);
  // few distinct durations, so removing one of two in the same minute is tried (600 and 659 seconds are both
  // 10 minutes, and sum to different totals)
  const seconds = (duration: number) => [null, 600, 659, 1801][duration];

  it('keeps the rollup rows equal to those computed afresh', async () => {
    const trustWards = await api.db.inTrust(rnq, (em) => em.find(Ward, {}, { orderBy: { code: 'asc' }, limit: 3 }));
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 40 }), async (changes) => {
        const visits: string[] = [];
        const messages: string[] = [];
        // each change in its own transaction, as the application role under row-level security
        for (const c of changes) {
          await api.db.inTrust(rnq, async (em) => {
            const sql = (text: string, params: unknown[]) => em.getConnection().execute(text, params, 'run', em.getTransactionContext());
            const visit = visits.length ? visits['visit' in c ? c.visit % visits.length : 0] : undefined;
            const message = messages.length ? messages['message' in c ? c.message % messages.length : 0] : undefined;
            if (c.kind === 'book') {
              const start = instant(c.day, c.minute);
              const status = STATUSES[c.status];
              const rows = await em.getConnection().execute<{ id: string }[]>(
                `insert into visit (trust_id, id, ward_id, scheduled_start, length_minutes, scheduled_end, status, duration_seconds, booked_by_staff_id, version)
                 values (?, gen_random_uuid(), ?, ?, 30, ?, ?, ?, '00000000-0000-4000-8000-000000000001', 1) returning id`,
                [rnq.trustId, trustWards[c.ward].id, start, new Date(start.getTime() + 30 * 60_000), status, status === 'completed' ? seconds(c.duration) : null],
                'all',
                em.getTransactionContext(),
              );
              visits.push(rows[0].id);
            } else if (c.kind === 'move' && visit) {
              const start = instant(c.day, c.minute);
              await sql('update visit set ward_id = ?, scheduled_start = ?, scheduled_end = ? where trust_id = ? and id = ?', [trustWards[c.ward].id, start, new Date(start.getTime() + 30 * 60_000), rnq.trustId, visit]);
            } else if (c.kind === 'status' && visit) {
              const status = STATUSES[c.status];
              await sql('update visit set status = ?, duration_seconds = ? where trust_id = ? and id = ?', [status, status === 'completed' ? seconds(c.duration) : null, rnq.trustId, visit]);
            } else if (c.kind === 'message' && visit) {
              const rows = await em.getConnection().execute<{ id: string }[]>(
                `insert into notification (trust_id, id, visit_id, kind, channel, recipient_masked, status, send_after, for_visit_start, attempts, enqueue_count)
                 select trust_id, gen_random_uuid(), id, 'bookingConfirmation', 'sms', '07••• •••123', ?, scheduled_start, scheduled_start, 0, 0 from visit where trust_id = ? and id = ? returning id`,
                [MESSAGE_STATUSES[c.status], rnq.trustId, visit],
                'all',
                em.getTransactionContext(),
              );
              messages.push(rows[0].id);
            } else if (c.kind === 'receipt' && message) {
              await sql('update notification set status = ? where trust_id = ? and id = ?', [MESSAGE_STATUSES[c.status], rnq.trustId, message]);
            } else if (c.kind === 'forget' && message) {
              await sql('delete from notification where trust_id = ? and id = ?', [rnq.trustId, message]);
              messages.splice(messages.indexOf(message), 1);
            } else if (c.kind === 'delete' && visit) {
              const gone = await em.getConnection().execute<{ id: string }[]>('delete from notification where trust_id = ? and visit_id = ? returning id', [rnq.trustId, visit], 'all', em.getTransactionContext());
              await sql('delete from visit where trust_id = ? and id = ?', [rnq.trustId, visit]);
              visits.splice(visits.indexOf(visit), 1);
              for (const { id } of gone) messages.splice(messages.indexOf(id), 1);
            }
          });
        }
        const { kept, rebuilt } = await rollupsAsRebuilt();
        expect(kept).toEqual(rebuilt);
        await expectReportsAsCounted(CLOCK_CHANGE_RANGES);
      }),
      {
        numRuns: 30,
        seed: 14,
        examples: [
          // two completed visits on one ward's day, then the second is moved, reopened and completed again
          [
            [
              { kind: 'book', ward: 0, day: 1, minute: 600, status: 3, duration: 1 },
              { kind: 'book', ward: 0, day: 1, minute: 700, status: 3, duration: 3 },
              { kind: 'book', ward: 0, day: 1, minute: 800, status: 3, duration: 2 },
              { kind: 'status', visit: 1, status: 0, duration: 0 },
              { kind: 'status', visit: 1, status: 3, duration: 3 },
              { kind: 'move', visit: 1, ward: 1, day: 1, minute: 700 },
            ],
          ],
          // two completed visits in the same minute of one ward's day, one of them deleted
          [
            [
              { kind: 'book', ward: 0, day: 1, minute: 600, status: 3, duration: 1 },
              { kind: 'book', ward: 0, day: 1, minute: 700, status: 3, duration: 2 },
              { kind: 'delete', visit: 0 },
            ],
          ],
        ],
      },
    );
    await expectReportsAsCounted();
  });

  it('stays equal when visits move while their messages are being delivered, all at once', async () => {
    const pairs = await api.db.inTrust(rnq, async (em) => {
      const ward = await em.findOneOrFail(Ward, { code: 'ED' });
      const created: { visit: string; message: string }[] = [];
      for (let i = 0; i < 12; i += 1) {
        const start = new Date(Date.UTC(2026, 10, 24, 23, i));
        const visit = em.create(Visit, { trust: rnq.trustId, ward, scheduledStart: start, lengthMinutes: 30, scheduledEnd: new Date(start.getTime() + 1_800_000), bookedByStaffId: '00000000-0000-4000-8000-000000000001' });
        const message = em.create(Notification, { trust: rnq.trustId, visit, kind: 'bookingConfirmation', channel: 'sms', recipientMasked: '07••• •••123', status: 'sent', sendAfter: start, forVisitStart: start });
        created.push({ visit: visit.id, message: message.id });
      }
      return created;
    });
    // each visit moves from Tuesday night to Wednesday morning while its text is delivered, in separate transactions at once
    await Promise.all(
      pairs.flatMap(({ visit, message }, i) => [
        api.db.inTrust(rnq, (em) => em.getConnection().execute('update visit set scheduled_start = scheduled_start + interval \'2 hours\' where trust_id = ? and id = ?', [rnq.trustId, visit], 'run', em.getTransactionContext())),
        api.db.inTrust(rnq, (em) => em.getConnection().execute('update notification set status = ? where trust_id = ? and id = ?', [i % 3 === 0 ? 'permanent-failure' : 'delivered', rnq.trustId, message], 'run', em.getTransactionContext())),
      ]),
    );
    const { kept, rebuilt } = await rollupsAsRebuilt();
    expect(kept).toEqual(rebuilt);
    await expectReportsAsCounted();
  });
});
