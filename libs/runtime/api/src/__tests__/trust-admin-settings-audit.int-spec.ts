import { AuditEvent, AuditRecord } from '@vv/domain/audit';
import { until } from '@vv/platform/testing';
import { startApiTestHarness, type ApiTestHarness, type GraphQLResult } from '../testing/api-test-harness';

/**
 * A trust admin checking the trust's Notify and video settings, reading the trust's audit,
 * and the central team's platform statistics: each through the public API, by the right role
 * in its own trust, refused elsewhere, and never showing a patient's, contact's or test
 * recipient's details.
 */
// Wednesday 10 June 2026, 10am in London: visits are booked that day.
const now = new Date('2026-06-10T09:00:00Z');
const RNQ_ADMIN = 'trust.admin@kgh.nhs.uk';
const RNS_ADMIN = 'trust.admin@ngh.nhs.uk';
const R1K_ADMIN = 'trust.admin@lnwh.nhs.uk';
const NURSE = 'nurse.rnq@nhs.net';
const PLATFORM_ADMIN = 'platform.admin@nhs.net';
/** Names and numbers that must never come back from the audit or the statistics, nor be logged. */
const CANARY = { patient: 'Ozymandias Quillfeather', contact: 'Bartholomew Quillfeather', mobile: '07700 900417', testMobile: '07700 900583', testEmail: 'canary.tester@example.org' };

let api: ApiTestHarness;
const lines: string[] = [];
const codes = (result: GraphQLResult<unknown>) => result.errors?.map((e) => e.extensions?.code) ?? [];
const fields = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions?.fields ?? [];
let wards: Record<string, string>;

beforeAll(async () => {
  api = await startApiTestHarness({ LOG_LEVEL: 'debug' }, [], { clock: () => now, worker: true, logs: (line) => lines.push(line) });
  await api.loadDemoData();
  const result = await api.as<{ wards: { id: string; code: string }[] }>(RNQ_ADMIN, '{ wards { id code } }');
  wards = Object.fromEntries(result.data!.wards.map((w) => [w.code, w.id]));
}, 120_000);
afterAll(() => api?.close());

const SEND = 'mutation($input: SendTestMessageInput!) { sendTestMessage(input: $input) { accepted outcome notifyId reason recipient } }';
type TestMessage = { accepted: boolean; outcome: string; notifyId: string | null; reason: string | null; recipient: string };

describe('a test message through the trust’s own GOV.UK Notify service', () => {
  afterEach(() => api.notify.server.clearFaults());

  it('is accepted with Notify’s id, through the trust’s key and template, and the number is neither kept nor logged', async () => {
    const result = await api.as<{ sendTestMessage: TestMessage }>(RNQ_ADMIN, SEND, { input: { kind: 'BOOKING_CONFIRMATION', channel: 'SMS', to: CANARY.testMobile } });
    expect(result.errors).toBeUndefined();
    const answer = result.data!.sendTestMessage;
    expect(answer).toMatchObject({ accepted: true, outcome: 'ACCEPTED', reason: null, recipient: '07••• •••583' });
    const sent = api.notify.server.accepted.find((n) => n.id === answer.notifyId)!;
    expect(sent).toMatchObject({ serviceId: api.notify.serviceIdOf('RNQ'), type: 'sms', to: '+447700900583' });
    const settings = await api.as<{ messagingSettings: { templates: { kind: string; sms: string }[] } }>(RNQ_ADMIN, '{ messagingSettings { templates { kind sms } } }');
    expect(sent.templateId).toBe(settings.data!.messagingSettings.templates.find((t) => t.kind === 'BOOKING_CONFIRMATION')!.sms);
    expect(sent.personalisation).toMatchObject({ patient_first_name: 'Test', ward: 'Test ward' });
    expect(sent.reference).toMatch(/^[0-9a-f-]{36}$/);

    // an email, to the trust admin's own address for instance
    const email = await api.as<{ sendTestMessage: TestMessage }>(RNQ_ADMIN, SEND, { input: { kind: 'READY_TO_JOIN', channel: 'EMAIL', to: CANARY.testEmail } });
    expect(email.data!.sendTestMessage).toMatchObject({ accepted: true, recipient: 'c•••@example.org' });
    expect(api.notify.server.accepted.find((n) => n.id === email.data!.sendTestMessage.notifyId)!.personalisation).toHaveProperty('link');

    const trail = await api.as<{ auditEvents: { edges: { node: { action: string; outcome: string; detail: { key: string; value: string }[] } }[] } }>(
      RNQ_ADMIN,
      '{ auditEvents(filter: { action: TRUST_TEST_MESSAGE_SENT }) { edges { node { action outcome detail { key value } } } } }',
    );
    expect(trail.data!.auditEvents.edges.map((e) => e.node.outcome)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(trail.data!.auditEvents.edges[1].node.detail).toEqual(expect.arrayContaining([{ key: 'kind', value: 'bookingConfirmation' }, { key: 'notifyId', value: answer.notifyId }]));
    const everything = JSON.stringify(trail) + lines.join('\n');
    for (const leak of ['900583', '7700900583', CANARY.testEmail]) expect(everything).not.toContain(leak);
  });

  it('shows Notify’s refusal plainly, and an outage as unavailable, without the number', async () => {
    api.notify.server.inject({ status: 400, error: 'BadRequestError' });
    const refused = await api.as<{ sendTestMessage: TestMessage }>(RNQ_ADMIN, SEND, { input: { kind: 'REMINDER', channel: 'SMS', to: CANARY.testMobile } });
    expect(refused.data!.sendTestMessage).toMatchObject({ accepted: false, outcome: 'REFUSED', notifyId: null });
    expect(refused.data!.sendTestMessage.reason).toMatch(/^400 BadRequestError: Can’t send to this recipient when service is in trial mode/);

    api.notify.server.inject({ status: 500 });
    const down = await api.as<{ sendTestMessage: TestMessage }>(RNQ_ADMIN, SEND, { input: { kind: 'REMINDER', channel: 'SMS', to: CANARY.testMobile } });
    expect(down.data!.sendTestMessage).toMatchObject({ accepted: false, outcome: 'UNAVAILABLE' });
    expect(JSON.stringify([refused, down])).not.toContain('900583');

    const failed = await api.as<{ auditEvents: { edges: { node: { outcome: string } }[] } }>(RNQ_ADMIN, '{ auditEvents(filter: { action: TRUST_TEST_MESSAGE_SENT }, first: 2) { edges { node { outcome } } } }');
    expect(failed.data!.auditEvents.edges.map((e) => e.node.outcome)).toEqual(['FAILED', 'FAILED']);
  });

  it('goes through each trust’s own service: Northampton’s admin sends with Northampton’s key', async () => {
    const result = await api.as<{ sendTestMessage: TestMessage }>(RNS_ADMIN, SEND, { input: { kind: 'CANCELLED', channel: 'SMS', to: CANARY.testMobile } });
    expect(api.notify.server.accepted.find((n) => n.id === result.data!.sendTestMessage.notifyId)!.serviceId).toBe(api.notify.serviceIdOf('RNS'));
  });

  it('names bad input by field and sends nothing', async () => {
    const before = api.notify.server.sendRequests.length;
    expect(fields(await api.as(RNQ_ADMIN, SEND, { input: { kind: 'TELEPORT', channel: 'SMS', to: CANARY.testMobile } }))).toEqual([{ field: 'input.kind', message: 'must be one of the MessageKind values' }]);
    expect(fields(await api.as(RNQ_ADMIN, SEND, { input: { kind: 'REMINDER', channel: 'FAX', to: CANARY.testMobile } }))).toEqual([{ field: 'input.channel', message: 'must be one of the MessageChannel values' }]);
    expect(fields(await api.as(RNQ_ADMIN, SEND, { input: { kind: 'REMINDER', channel: 'SMS', to: CANARY.testEmail } }))).toEqual([{ field: 'to', message: 'is not a UK mobile number (07… or +447…)' }]);
    expect(fields(await api.as(RNQ_ADMIN, SEND, { input: { kind: 'REMINDER', channel: 'EMAIL', to: 'not an address' } }))).toEqual([{ field: 'to', message: 'is not an email address' }]);
    const abroad = await api.as(RNQ_ADMIN, SEND, { input: { kind: 'REMINDER', channel: 'SMS', to: '+33 6 12 34 56 78' } });
    expect(fields(abroad)).toEqual([{ field: 'to', message: 'is not a UK mobile number (07… or +447…)' }]);
    expect(JSON.stringify(abroad)).not.toContain('12 34 56');
    expect(api.notify.server.sendRequests.length).toBe(before);
  });

  it('is for trust admins only', async () => {
    for (const email of [NURSE, 'ward.manager.rnq@nhs.net', 'group.analyst@nhs.net', PLATFORM_ADMIN]) {
      expect({ email, codes: codes(await api.as(email, SEND, { input: { kind: 'REMINDER', channel: 'SMS', to: CANARY.testMobile } }, email === 'group.analyst@nhs.net' ? 'RNQ' : undefined)) }).toEqual({ email, codes: ['FORBIDDEN'] });
    }
  });
});

const TEST_VIDEO = 'mutation { testVideoProvider { provider checked } }';

describe('testing the trust’s video provider', () => {
  it('makes a Whereby room and deletes it, through Whereby’s REST API with the trust’s key', async () => {
    const before = api.whereby.requests.length;
    const result = await api.as<{ testVideoProvider: { provider: string; checked: string[] } }>(R1K_ADMIN, TEST_VIDEO);
    expect(result.data!.testVideoProvider).toEqual({ provider: 'WHEREBY', checked: ['Whereby accepted the API key and made a locked room', 'Whereby deleted the room'] });
    const calls = api.whereby.requests.slice(before);
    expect(calls.map((c) => [c.method, c.path.replace(/\/\d+$/, '/{id}'), c.authorized])).toEqual([
      ['POST', '/v1/meetings', true],
      ['DELETE', '/v1/meetings/{id}', true],
    ]);
    const meetingId = calls[1].path.split('/').pop()!;
    expect(api.whereby.meetings.get(meetingId)).toMatchObject({ deleted: true, isLocked: true });
  });

  it('for Jitsi, says what it could check without a call to the server', async () => {
    const result = await api.as<{ testVideoProvider: { provider: string; checked: string[] } }>(RNQ_ADMIN, TEST_VIDEO);
    expect(result.data!.testVideoProvider.provider).toBe('JITSI');
    expect(result.data!.testVideoProvider.checked).toEqual([
      'The Jitsi Meet address and app secret can be used',
      'A room name was made, and a moderator’s and a visitor’s token signed for it',
      'Jitsi rooms need no call to the server: whether it accepts the tokens shows when a ward device first joins a visit',
    ]);
  });

  it('gives a provider’s refusal its own code, never the masked error, and audits the try', async () => {
    const UPDATE = 'mutation($input: VideoSettingsInput!) { updateVideoSettings(input: $input) { secretSet } }';
    await api.as(R1K_ADMIN, UPDATE, { input: { secret: 'a-key-whereby-does-not-know-0123456789' } });
    const refused = await api.as(R1K_ADMIN, TEST_VIDEO);
    expect(refused.errors?.[0]).toMatchObject({ message: "The video service refused to open the room. Ask the trust's digital team to check the video settings.", extensions: { code: 'VIDEO_SERVICE_REFUSED' } });
    await api.as(R1K_ADMIN, UPDATE, { input: { secret: 'r1k-test-whereby-api-key-0123456789abcdef' } });
    const trail = await api.as<{ auditEvents: { edges: { node: { outcome: string; detail: { key: string; value: string }[] } }[] } }>(
      R1K_ADMIN,
      '{ auditEvents(filter: { action: TRUST_VIDEO_PROVIDER_TESTED }) { edges { node { outcome detail { key value } } } } }',
    );
    expect(trail.data!.auditEvents.edges.map((e) => e.node.outcome)).toEqual(['FAILED', 'SUCCESS']);
    expect(trail.data!.auditEvents.edges[0].node.detail).toEqual(expect.arrayContaining([{ key: 'provider', value: 'whereby' }, { key: 'failure', value: 'rejected' }]));
  });

  it('is for trust admins of the trust only', async () => {
    expect(codes(await api.as(NURSE, TEST_VIDEO))).toEqual(['FORBIDDEN']);
    expect(codes(await api.as('analyst.r1k@nhs.net', TEST_VIDEO))).toEqual(['FORBIDDEN']);
    expect(codes(await api.as(RNS_ADMIN, TEST_VIDEO, undefined, 'R1K'))).toEqual(['FORBIDDEN']);
  });
});

type AuditNode = { id: string; occurredAt: string; actor: { id: string; displayName: string } | null; action: string; targetType: string; targetId: string | null; outcome: string };
type AuditPage = { auditEvents: { edges: { cursor: string; node: AuditNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
const SEARCH = `query($filter: AuditEventFilterInput, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id occurredAt actor { id displayName } action targetType targetId outcome requestId detail { key value } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('the trust’s audit, searched by its admins', () => {
  let nurseId: string;
  let visitId: string;

  beforeAll(async () => {
    const booked = await api.as<{ bookVisit: { id: string } }>(NURSE, 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
      input: { wardId: wards.ED, patientName: CANARY.patient, contactName: CANARY.contact, contactMobile: CANARY.mobile, startAt: '2026-06-10T13:00:00Z', lengthMinutes: 30 },
    });
    visitId = booked.data!.bookVisit.id;
    await api.as(NURSE, 'mutation($id: ID!) { cancelVisit(id: $id, reason: "Ozymandias went home") { status } }', { id: visitId });
    await api.as(NURSE, '{ visit(id: "' + visitId + '") { patientName contactName } }');
    const options = await api.as<{ auditSearchOptions: { people: { id: string; displayName: string }[]; actions: string[] } }>(RNQ_ADMIN, '{ auditSearchOptions { people { id displayName } actions } }');
    nurseId = options.data!.auditSearchOptions.people.find((p) => p.displayName === 'Nia Roberts (RNQ ED nurse)')!.id;
    expect(options.data!.auditSearchOptions.actions).toEqual(expect.arrayContaining(['VISIT_BOOKED', 'VISIT_CANCELLED', 'VISIT_PERSONAL_DATA_READ']));
    // three records of March, kept as the audit keeps them, to search by date
    const [{ id: trustId }] = await api.ownerOrm.em.fork().getConnection().execute<{ id: string }[]>(`select id from trust where ods_code = 'RNQ'`);
    await api.db.inTrust({ trustId, odsCode: 'RNQ' }, async (em) => {
      for (const [day, action] of [['2026-03-02T10:00:00Z', 'ward.updated'], ['2026-03-15T10:00:00Z', 'ward.flag_set'], ['2026-03-31T22:59:59Z', 'hospital.renamed']] as const) {
        em.create(AuditEvent, { trust: trustId, record: Object.assign(new AuditRecord(), { occurredAt: new Date(day), actorStaffId: nurseId, action, targetType: action.split('.')[0], targetId: wards.ED, outcome: 'success' }) });
      }
    });
  });

  it('shows who did what to which record, when and with what outcome, never a patient’s or contact’s details', async () => {
    const result = await api.as<AuditPage>(RNQ_ADMIN, SEARCH, { filter: { staffId: nurseId, area: 'VISIT' } });
    const visitRows = result.data!.auditEvents.edges.map((e) => e.node);
    expect(visitRows.map((n) => n.action)).toEqual(expect.arrayContaining(['VISIT_BOOKED', 'VISIT_CANCELLED']));
    expect(visitRows.every((n) => n.actor?.displayName === 'Nia Roberts (RNQ ED nurse)' && n.action.startsWith('VISIT_'))).toBe(true);
    expect(visitRows.find((n) => n.action === 'VISIT_BOOKED')).toMatchObject({ targetType: 'VISIT', targetId: visitId, outcome: 'SUCCESS' });
    const everything = JSON.stringify(await api.as(RNQ_ADMIN, SEARCH, { first: 100 }));
    for (const leak of [CANARY.patient, CANARY.contact, 'Ozymandias', 'Quillfeather', '900417']) expect(everything).not.toContain(leak);
  });

  it('filters by date range (from included, to not) and pages newest first', async () => {
    const march = { staffId: nurseId, from: '2026-03-01T00:00:00Z', to: '2026-03-31T23:00:00Z' };
    const all = await api.as<AuditPage>(RNQ_ADMIN, SEARCH, { filter: march });
    expect(all.data!.auditEvents.edges.map((e) => e.node.action)).toEqual(['HOSPITAL_RENAMED', 'WARD_FLAG_SET', 'WARD_UPDATED']);
    const firstPage = await api.as<AuditPage>(RNQ_ADMIN, SEARCH, { filter: march, first: 2 });
    expect(firstPage.data!.auditEvents.pageInfo.hasNextPage).toBe(true);
    const next = await api.as<AuditPage>(RNQ_ADMIN, SEARCH, { filter: march, first: 2, after: firstPage.data!.auditEvents.pageInfo.endCursor });
    expect(next.data!.auditEvents.edges.map((e) => e.node.action)).toEqual(['WARD_UPDATED']);
    expect(next.data!.auditEvents.pageInfo).toEqual({ hasNextPage: false, endCursor: next.data!.auditEvents.edges[0].cursor });
    const exclusive = await api.as<AuditPage>(RNQ_ADMIN, SEARCH, { filter: { ...march, to: '2026-03-31T22:59:59Z' } });
    expect(exclusive.data!.auditEvents.edges.map((e) => e.node.action)).toEqual(['WARD_FLAG_SET', 'WARD_UPDATED']);
    expect((await api.as<AuditPage>(RNQ_ADMIN, SEARCH, { filter: { action: 'WARD_FLAG_SET', from: march.from, to: march.to } })).data!.auditEvents.edges).toHaveLength(1);
  });

  it('audits each search itself, with its filters as ids and times', async () => {
    const search = await api.as(RNQ_ADMIN, SEARCH, { filter: { staffId: nurseId, from: '2026-03-01T00:00:00Z' } });
    expect(search.errors).toBeUndefined();
    const searched = await api.as<{ auditEvents: { edges: { node: { action: string; actor: { displayName: string }; detail: { key: string; value: string }[] } }[] } }>(
      RNQ_ADMIN,
      '{ auditEvents(filter: { action: AUDIT_SEARCHED }, first: 2) { edges { node { action actor { displayName } detail { key value } } } } }',
    );
    // a search is recorded as it is answered, so the one finding it is not in its own answer: the newest is the nurse's
    const [earlier] = searched.data!.auditEvents.edges.map((e) => e.node);
    expect(earlier.actor.displayName).toBe('Tom Harris (RNQ trust admin)');
    expect(earlier.detail).toEqual(expect.arrayContaining([{ key: 'staffId', value: nurseId }, { key: 'from', value: '2026-03-01T00:00:00.000Z' }]));
  });

  it('never shows another trust’s events, and is for trust admins only', async () => {
    const northampton = await api.as<AuditPage>(RNS_ADMIN, SEARCH, { filter: { staffId: nurseId }, first: 100 });
    expect(northampton.data!.auditEvents.edges).toEqual([]);
    // (its own search for the nurse's id is in its audit, as every search is; nothing the nurse did is)
    const rns = await api.as<AuditPage>(RNS_ADMIN, SEARCH, { first: 100 });
    expect(rns.data!.auditEvents.edges.filter((e) => e.node.actor?.id === nurseId || e.node.targetId === visitId)).toEqual([]);
    expect(JSON.stringify(rns)).not.toContain(visitId);
    const rnsOptions = await api.as<{ auditSearchOptions: { people: { id: string }[] } }>(RNS_ADMIN, '{ auditSearchOptions { people { id } actions } }');
    expect(rnsOptions.data!.auditSearchOptions.people.map((p) => p.id)).not.toContain(nurseId);
    for (const [email, trust] of [[NURSE], ['ward.manager.rnq@nhs.net'], ['group.admin@nhs.net', 'RNQ'], ['group.analyst@nhs.net', 'RNQ'], [PLATFORM_ADMIN], [RNS_ADMIN, 'RNQ']] as const) {
      expect({ email, codes: codes(await api.as(email, SEARCH, {}, trust)) }).toEqual({ email, codes: ['FORBIDDEN'] });
      expect({ email, codes: codes(await api.as(email, '{ auditSearchOptions { actions } }', {}, trust)) }).toEqual({ email, codes: ['FORBIDDEN'] });
    }
  });

  it('names bad input by field and writes nothing', async () => {
    const count = async () => Number((await api.ownerOrm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from audit_event where action = 'audit.searched'`))[0].n);
    const before = await count();
    const bad = await api.as(RNQ_ADMIN, SEARCH, { filter: { action: 'WARD_UPDATED', area: 'VISIT', from: '2026-04-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }, first: 0, after: 'not-a-cursor' });
    expect(fields(bad)).toEqual([
      { field: 'first', message: 'must be 1 to 100' },
      { field: 'filter.area', message: 'must be the area of the action, or left out' },
      { field: 'filter.to', message: 'must be after from' },
      { field: 'after', message: 'is not a cursor from this list' },
    ]);
    // an action the audit does not have is refused by the API's enum, naming the field
    const unknown = await api.as(RNQ_ADMIN, SEARCH, { filter: { action: 'drop table' } });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(unknown)).toContain('filter.action');
    expect(JSON.stringify(unknown)).not.toContain('drop table');
    const notAnId = await api.as(RNQ_ADMIN, SEARCH, { filter: { staffId: 'someone' } });
    expect(fields(notAnId)).toEqual([{ field: 'filter.staffId', message: 'is not an id (ids are UUIDs, as the API gives them)' }]);
    expect(await count()).toBe(before);
  });
});

type Statistics = {
  platformStatistics: {
    trusts: { odsCode: string; status: string; wards: number }[];
    months: { month: string; trust: { odsCode: string }; wardsWithVisits: number; booked: number; completed: number; cancelled: number; missed: number; messagesDelivered: number; messagesFailed: number }[];
  };
};
const STATISTICS = `query($from: String!, $to: String!) { platformStatistics(fromMonth: $from, toMonth: $to) {
  trusts { odsCode status wards }
  months { month trust { odsCode } wardsWithVisits booked completed cancelled missed messagesDelivered messagesFailed }
} }`;

describe('platform statistics for the central team', () => {
  it('counts trusts, wards, visits and messages per trust per month, with no personal data', async () => {
    // Northampton's stroke ward has a visit in June and one in July
    for (const startAt of ['2026-06-10T15:00:00Z', '2026-07-01T15:00:00Z']) {
      const booked = await api.as<{ wards: { id: string; code: string }[] }>('nurse.rns@nhs.net', '{ wards { id code } }');
      const stroke = booked.data!.wards.find((w) => w.code === 'STROKE')!.id;
      const result = await api.as('nurse.rns@nhs.net', 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }', {
        input: { wardId: stroke, patientName: CANARY.patient, contactName: CANARY.contact, contactMobile: CANARY.mobile, startAt, lengthMinutes: 30 },
      });
      expect(result.errors).toBeUndefined();
    }
    // booking confirmations reach Notify and come back delivered
    const stats = await until(async () => {
      const result = await api.as<Statistics>(PLATFORM_ADMIN, STATISTICS, { from: '2026-01', to: '2026-12' });
      const rows = result.data!.platformStatistics.months;
      return rows.filter((r) => r.trust.odsCode === 'RNS').every((r) => r.messagesDelivered === 1) && rows.some((r) => r.trust.odsCode === 'RNQ' && r.messagesDelivered >= 1) ? result : null;
    });
    const { trusts, months } = stats.data!.platformStatistics;
    const wardCount = async (email: string) => (await api.as<{ wards: unknown[] }>(email, '{ wards { id } }')).data!.wards.length;
    expect(trusts).toEqual([
      { odsCode: 'RNQ', status: 'ACTIVE', wards: await wardCount(RNQ_ADMIN) },
      { odsCode: 'R1K', status: 'ACTIVE', wards: await wardCount(R1K_ADMIN) },
      { odsCode: 'RNS', status: 'ACTIVE', wards: await wardCount(RNS_ADMIN) },
    ]);
    expect(months.map((m) => [m.month, m.trust.odsCode])).toEqual([
      ['2026-06', 'RNQ'],
      ['2026-06', 'RNS'],
      ['2026-07', 'RNS'],
    ]);
    expect(months[0]).toMatchObject({ wardsWithVisits: 1, booked: 1, cancelled: 1, completed: 0 });
    expect(months[1]).toMatchObject({ wardsWithVisits: 1, booked: 1, cancelled: 0, messagesDelivered: 1, messagesFailed: 0 });
    // a range that leaves July out
    const june = await api.as<Statistics>(PLATFORM_ADMIN, STATISTICS, { from: '2026-06', to: '2026-06' });
    expect(june.data!.platformStatistics.months.map((m) => m.month)).toEqual(['2026-06', '2026-06']);
    expect(JSON.stringify(stats)).not.toMatch(/Ozymandias|Quillfeather|900417/);
  });

  it('is for platform admins only, and names bad months', async () => {
    for (const [email, trust] of [[RNQ_ADMIN], ['group.analyst@nhs.net', 'RNQ'], ['analyst.r1k@nhs.net'], [NURSE]] as const) {
      expect({ email, codes: codes(await api.as(email, STATISTICS, { from: '2026-01', to: '2026-12' }, trust)) }).toEqual({ email, codes: ['FORBIDDEN'] });
    }
    expect(fields(await api.as(PLATFORM_ADMIN, STATISTICS, { from: '2026-13', to: 'June' }))).toEqual([
      { field: 'fromMonth', message: 'must be a month such as 2026-01' },
      { field: 'toMonth', message: 'must be a month such as 2026-12' },
    ]);
    expect(fields(await api.as(PLATFORM_ADMIN, STATISTICS, { from: '2026-06', to: '2026-05' }))).toEqual([{ field: 'toMonth', message: 'must be the same as the first month or later' }]);
    expect(fields(await api.as(PLATFORM_ADMIN, STATISTICS, { from: '2024-01', to: '2026-01' }))).toEqual([{ field: 'toMonth', message: 'must be at most 24 months after the first month' }]);
  });
});

describe('a video provider that does not answer', () => {
  it('is VIDEO_SERVICE_UNAVAILABLE, said plainly', async () => {
    await api.whereby.close();
    const down = await api.as(R1K_ADMIN, TEST_VIDEO);
    expect(down.errors?.[0]).toMatchObject({ message: 'The video service did not answer. Try again in a minute.', extensions: { code: 'VIDEO_SERVICE_UNAVAILABLE' } });
  });
});
