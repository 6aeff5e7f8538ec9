import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { getNamedType, isInputObjectType, isListType, isNonNullType, type GraphQLArgument, type GraphQLInputType } from 'graphql';
import { operationDocument } from '../testing/operation-document';
import { startApiTestHarness, type ApiTestHarness, type GraphQLResult } from '../testing/api-test-harness';
import { callerFor, goodVariables, NURSE, operationsTakingValues, PLATFORM_ADMIN, setAt, tableFingerprint, TRUST_ADMIN } from '../testing/operation-inputs';

/**
 * One rule for every id the API takes, in arguments and input fields alike: text that is not a
 * UUID is BAD_USER_INPUT naming the field; a UUID in capitals is the same id in lowercase; a
 * well-formed id of nothing the caller may see (another kind of record, another trust's, or
 * none at all) is NOT_FOUND. A refused call writes nothing. The id positions come from the
 * committed schema, so a new one is covered (and must say what it names in ID_NAMES).
 */
const NOW = new Date('2026-11-23T09:00:00Z'); // a Monday, GMT
const OTHER_ADMIN = 'trust.admin@ngh.nhs.uk'; // RNS
const OTHER_NURSE = 'nurse.rns@nhs.net'; // RNS STROKE
const WARD_MANAGER = 'ward.manager.rnq@nhs.net';

type IdKind = 'ward' | 'hospital' | 'visit' | 'message' | 'invitation' | 'roleAssignment' | 'platformRole' | 'staffMember';
const BY_FIELD: Record<string, IdKind> = { wardId: 'ward', hospitalId: 'hospital', messageId: 'message', invitationId: 'invitation', assignmentId: 'roleAssignment', staffId: 'staffMember' };
/** What `id` names, by operation. */
const BY_OPERATION: Record<string, IdKind> = {
  archiveHospital: 'hospital',
  renameHospital: 'hospital',
  archiveWard: 'ward',
  updateWard: 'ward',
  revokePlatformRole: 'platformRole',
  ...Object.fromEntries(['visit', 'cancelVisit', 'completeVisit', 'rebookVisit', 'rejoinVisit', 'rescheduleVisit', 'startVisit', 'updateKeyContact'].map((name) => [name, 'visit' as const])),
};
function kindOf(operation: string, path: readonly string[]): IdKind | undefined {
  const name = path.at(-1)!;
  return name === 'id' ? BY_OPERATION[operation] : BY_FIELD[name];
}

interface IdPosition {
  operation: (typeof operationsTakingValues)[number];
  path: string[];
  nullable: boolean;
}
function idPositions(): IdPosition[] {
  const found: IdPosition[] = [];
  for (const operation of operationsTakingValues) {
    const walk = (path: string[], type: GraphQLInputType, depth: number) => {
      const named = getNamedType(type);
      if (named.name === 'ID') found.push({ operation, path, nullable: !isNonNullType(type) });
      if (depth < 2 && isInputObjectType(named) && !isListType(isNonNullType(type) ? type.ofType : type)) {
        for (const f of Object.values(named.getFields())) walk([...path, f.name], f.type, depth + 1);
      }
    };
    operation.field.args.forEach((arg: GraphQLArgument) => walk([arg.name], arg.type, 0));
  }
  return found;
}
const POSITIONS = idPositions();
const label = (p: IdPosition) => `${p.operation.field.name} ${p.path.join('.')}`;

/** Text that is not a UUID in any spelling. */
const MALFORMED = ['not-an-id', '42', '', ' ', '1f0e0b1c2d3e4f50', '1f0e0b1c-2d3e-4f50-8a6b-7c8d9e0f1a2', '{1f0e0b1c-2d3e-4f50-8a6b-7c8d9e0f1a2b}', '1f0e0b1c2d3e4f508a6b7c8d9e0f1a2b', ' 1f0e0b1c-2d3e-4f50-8a6b-7c8d9e0f1a2b', 'g0000000-0000-4000-8000-000000000000', "1' OR '1'='1"];

let api: ApiTestHarness;
let owner: pg.Client;
let snapshot: () => Promise<string>;
/** Records of the caller's trust (RNQ), by kind: the right id for a position of that kind. */
let mine: Record<IdKind, string>;
/** The same kinds in another trust (RNS), where there is one. */
let theirs: Partial<Record<IdKind, string>>;
/** A second RNQ ward, for the mutations that archive or change a ward. */
let otherWard: string;

beforeAll(async () => {
  api = await startApiTestHarness({}, [], { clock: () => NOW });
  await api.loadDemoData();
  const data = async <T>(email: string, query: string, variables?: Record<string, unknown>): Promise<T> => {
    const result = await api.as<T>(email, query, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  const BOOK = 'mutation($input: BookVisitInput!) { bookVisit(input: $input) { id } }';
  const messagesOf = async (email: string, id: string) => {
    await api.noJobRunning();
    return (await data<{ visit: { messages: { id: string }[] } }>(email, 'query($id: ID!) { visit(id: $id) { messages { id } } }', { id })).visit.messages;
  };
  const booking = (wardId: string) => ({ input: { wardId, patientName: 'Margaret Jones', contactName: 'David Jones', contactMobile: '07700 900123', startAt: '2026-11-23T16:00:00Z' } });
  const WARDS = '{ wards { id code hospital { id } } }';
  const STAFF = '{ staff { id email roles { id } } }';

  // everyone signs in once, so the staff list holds them and a first sign-in's bookkeeping is not taken for a write
  for (const email of [NURSE, TRUST_ADMIN, PLATFORM_ADMIN, WARD_MANAGER, OTHER_ADMIN, OTHER_NURSE]) await api.as(email, '{ me { id } }');
  const wards = (await data<{ wards: { id: string; code: string; hospital: { id: string } }[] }>(TRUST_ADMIN, WARDS)).wards;
  const ed = wards.find((w) => w.code === 'ED')!;
  otherWard = wards.find((w) => w.code === 'CCU')!.id;
  const visit = (await data<{ bookVisit: { id: string } }>(NURSE, BOOK, booking(ed.id))).bookVisit;
  const staff = (await data<{ staff: { id: string; email: string; roles: { id: string }[] }[] }>(TRUST_ADMIN, STAFF)).staff;
  const manager = staff.find((s) => s.email === WARD_MANAGER)!;
  const invitation = (await data<{ invitations: { id: string }[] }>(TRUST_ADMIN, '{ invitations { id } }')).invitations[0];
  const holders = (await data<{ platformRoles: { id: string; email: string }[] }>(PLATFORM_ADMIN, '{ platformRoles { id email } }')).platformRoles;
  mine = {
    ward: ed.id,
    hospital: ed.hospital.id,
    visit: visit.id,
    message: (await messagesOf(NURSE, visit.id))[0].id,
    invitation: invitation.id,
    roleAssignment: manager.roles[0].id,
    platformRole: holders.find((h) => h.email === 'group.admin@nhs.net')!.id,
    staffMember: manager.id,
  };

  const rnsWards = (await data<{ wards: { id: string; code: string; hospital: { id: string } }[] }>(OTHER_ADMIN, WARDS)).wards;
  const stroke = rnsWards.find((w) => w.code === 'STROKE')!;
  const rnsVisit = (await data<{ bookVisit: { id: string } }>(OTHER_NURSE, BOOK, booking(stroke.id))).bookVisit;
  const rnsStaff = (await data<{ staff: { id: string; email: string; roles: { id: string }[] }[] }>(OTHER_ADMIN, STAFF)).staff.find((s) => s.email === OTHER_NURSE)!;
  theirs = { ward: stroke.id, hospital: stroke.hospital.id, visit: rnsVisit.id, message: (await messagesOf(OTHER_NURSE, rnsVisit.id))[0].id, roleAssignment: rnsStaff.roles[0].id, staffMember: rnsStaff.id };

  owner = new pg.Client({ connectionString: api.database.ownerUrl });
  await owner.connect();
  snapshot = await tableFingerprint(owner);
});
afterAll(async () => {
  await owner?.end();
  await api?.close();
});

/** The operation called with every argument right but the id at `position`, which is `value`. */
async function call(position: IdPosition, value: unknown): Promise<GraphQLResult<unknown>> {
  const { kind, field } = position.operation;
  const variables = goodVariables(field, { wardId: mine.ward, hospitalId: mine.hospital, id: mine[kindOf(field.name, ['id']) ?? 'visit'] });
  if (field.name === 'inviteStaff') {
    // one place per invitation: the other is left out, and the role is one held there
    variables.input = { email: 'someone.new@nhs.net', role: 'WARD_STAFF', scope: position.path.at(-1) === 'wardId' ? 'WARD' : 'HOSPITAL', hospitalId: null, wardId: null };
  }
  if (kind === 'query') {
    // a list's other filters and its cursor left out: the id is all it is asked
    for (const arg of field.args) if (!isNonNullType(arg.type)) delete variables[arg.name];
    if (position.path.length > 1) variables[position.path[0]] = {};
  }
  setAt(variables, position.path, value);
  return api.as(callerFor(kind, field.name), operationDocument(kind, field), variables);
}
/**
 * Lists narrowed by an id: one of nothing the caller may see narrows them to nothing, and says
 * no more than NOT_FOUND would (an audit's member of staff may have left the trust, and still be
 * searched for).
 */
const LIST_FILTERS = new Set(['wards', 'visits', 'auditEvents']);
function listed(data: unknown): unknown[] {
  const answer = Object.values((data ?? {}) as Record<string, unknown>)[0];
  return Array.isArray(answer) ? answer : ((answer as { edges: unknown[] }).edges ?? []);
}
const codes = (result: GraphQLResult<unknown>) => (result.errors ?? []).map((e) => e.extensions?.code);
const namedFields = (result: GraphQLResult<unknown>) => (result.errors ?? []).flatMap((e) => e.extensions?.fields ?? []).map((f) => f.field);

it('knows what every id the API takes names', () => {
  expect(POSITIONS.filter((p) => !kindOf(p.operation.field.name, p.path)).map(label)).toEqual([]);
  expect(POSITIONS.length).toBeGreaterThanOrEqual(25);
});

describe.each(POSITIONS.map((p) => [label(p), p] as const))('%s', (_, position) => {
  const path = position.path.join('.');
  const kind = kindOf(position.operation.field.name, position.path)!;

  it('refuses text that is not a UUID as BAD_USER_INPUT naming the field, writing nothing', async () => {
    const before = await snapshot();
    for (const value of MALFORMED) {
      const result = await call(position, value);
      expect({ value, codes: codes(result), fields: namedFields(result) }).toEqual({ value, codes: ['BAD_USER_INPUT'], fields: [path] });
      expect(result.status).toBeLessThan(500);
    }
    expect(await snapshot()).toBe(before);
  });

  const list = LIST_FILTERS.has(position.operation.field.name);
  it(`answers ${list ? 'an empty list' : 'NOT_FOUND'} for a UUID of nothing the caller may see (unknown, another kind, another trust), in any case, writing nothing`, async () => {
    const before = await snapshot();
    const others = (Object.keys(mine) as IdKind[]).filter((k) => k !== kind).map((k) => [`a ${k} id`, mine[k]] as const);
    const candidates = [['an unknown id', randomUUID()] as const, ...others, ...(theirs[kind] ? [[`another trust's ${kind} id`, theirs[kind]!] as const] : [])];
    for (const [what, value] of candidates.flatMap(([what, id]) => [[what, id] as const, [`${what} in capitals`, id.toUpperCase()] as const])) {
      const result = await call(position, value);
      if (list) expect({ what, errors: result.errors, found: listed(result.data) }).toEqual({ what, errors: undefined, found: [] });
      else expect({ what, codes: codes(result) }).toEqual({ what, codes: ['NOT_FOUND'] });
    }
    // a search of the audit is itself audited: only a refusal must write nothing
    if (!list) expect(await snapshot()).toBe(before);
  });
});

describe('a UUID in capitals', () => {
  const queries = POSITIONS.filter((p) => p.operation.kind === 'query');
  it.each(queries.map((p) => [label(p), p] as const))('%s: the same answer as in lowercase', async (_, position) => {
    const kind = kindOf(position.operation.field.name, position.path)!;
    const lower = await call(position, mine[kind]);
    expect(lower.errors).toBeUndefined();
    expect(await call(position, mine[kind].toUpperCase())).toEqual(lower);
  });

  it('is given back in lowercase, as the record is stored', async () => {
    const upper = otherWard.toUpperCase();
    const result = await api.as<{ updateWard: { id: string; name: string } }>(TRUST_ADMIN, 'mutation($id: ID!) { updateWard(id: $id, input: { name: "Coronary Care" }) { id name } }', { id: upper });
    expect(result.data?.updateWard).toEqual({ id: otherWard, name: 'Coronary Care' });
    const visit = await api.as<{ visit: { id: string } }>(NURSE, `{ visit(id: "${mine.visit.toUpperCase()}") { id } }`);
    expect(visit.data?.visit.id).toBe(mine.visit);
  });

  // mutations that change what they name go last, on records no other case needs
  const LAST = ['revokeInvitation', 'revokeStaffRole', 'revokePlatformRole', 'cancelVisit', 'archiveWard'];
  const mutations = POSITIONS.filter((p) => p.operation.kind === 'mutation').sort((a, b) => LAST.indexOf(a.operation.field.name) - LAST.indexOf(b.operation.field.name));
  it.each(mutations.map((p) => [label(p), p] as const))('%s: names the record, as in lowercase', async (_, position) => {
    const name = position.operation.field.name;
    const kind = kindOf(name, position.path)!;
    const target = kind === 'ward' && position.path.at(-1) === 'id' ? otherWard : mine[kind];
    const result = await call(position, target.toUpperCase());
    // whatever else the operation says of the record (done, or not in its state), it found it
    expect(codes(result)).not.toContain('NOT_FOUND');
    expect(namedFields(result)).not.toContain(position.path.join('.'));
  });

});

describe('ids written into the query itself', () => {
  it.each([
    ['text', '"not-an-id"'],
    ['a number', '42'],
    ['a UUID without dashes', `"${'1f0e0b1c2d3e4f508a6b7c8d9e0f1a2b'}"`],
  ])('refuses %s as BAD_USER_INPUT naming the argument', async (_, literal) => {
    const result = await api.as(NURSE, `{ visit(id: ${literal}) { id } }`);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0].extensions?.fields).toEqual([{ field: 'id', message: 'is not an id (ids are UUIDs, as the API gives them)' }]);
  });
});
