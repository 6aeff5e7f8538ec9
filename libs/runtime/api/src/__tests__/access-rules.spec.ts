import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { ACCESS_RULE, Access, AccessGuard, buildAbility, type AccessRule, type HeldRole } from '@vv/platform/access';
import { SCHEMA_FILE } from '@vv/platform/graphql';
import { accessProblems, apiOperations, PERMISSIONS_FILE, renderPermissionsDocument } from '../api-permissions';

describe('every operation declares the permission it needs', () => {
  const operations = apiOperations();

  it('finds every query and mutation of the committed schema, and the HTTP routes', () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const fields = [...Object.keys(schema.getQueryType()!.getFields()).map((name) => `query ${name}`), ...Object.keys(schema.getMutationType()!.getFields()).map((name) => `mutation ${name}`)];
    const graphql = operations.filter((op) => op.kind === 'query' || op.kind === 'mutation').map((op) => `${op.kind} ${op.name}`);
    expect(graphql.sort()).toEqual(fields.sort());
    expect(operations.map((op) => op.operation)).toEqual(expect.arrayContaining(['GET `/health/ready`', 'GET `/reports/visit-stats.csv`', 'POST `/notify/receipts/:ods`']));
  });

  it('has a rule on each one, naming a permission some role holds (or why it needs none)', () => {
    expect(accessProblems(operations)).toEqual([]);
  });

  it(`is the table committed in ${PERMISSIONS_FILE} (regenerate it with npm run schema:write)`, () => {
    expect(readFileSync(PERMISSIONS_FILE, 'utf8')).toBe(renderPermissionsDocument());
  });

  it('tells the author of a new operation without a permission what to add, and one naming a permission nobody holds', () => {
    @Resolver()
    class NewResolver {
      @Mutation(() => Boolean)
      sendTestMessage() {
        return true;
      }

      @Query(() => Boolean)
      @Access.can('archive', 'Visit')
      platformRoleCount() {
        return true;
      }
    }
    const problems = accessProblems(apiOperations([NewResolver], []));
    expect(problems).toEqual([
      'NewResolver.platformRoleCount (query `platformRoleCount`) needs archive Visit, which no role holds: name one from ROLE_GRANTS',
      expect.stringMatching(/^NewResolver\.sendTestMessage \(mutation `sendTestMessage`\) declares no permission: add @Access\.can\('<action>', '<Subject>'\) above it.*ROLE_GRANTS.*npm run schema:write/),
    ]);
    expect(renderPermissionsDocument()).not.toContain('none declared');
  });
});

describe('the access guard', () => {
  const TRUST = { trustId: 'trust-1', odsCode: 'RNQ' };
  const held = {
    nurse: { role: 'ward_staff', scope: 'ward', trustIds: [TRUST.trustId], wardId: 'ward-a' },
    admin: { role: 'trust_admin', scope: 'trust', trustIds: [TRUST.trustId] },
    analyst: { role: 'reporting_analyst', scope: 'trust', trustIds: [TRUST.trustId] },
    platform: { role: 'platform_admin', scope: 'platform', trustIds: [] },
  } satisfies Record<string, HeldRole>;
  const caller = (role: HeldRole | null, trust: typeof TRUST | null = TRUST, extra: object = {}) => ({
    staffId: 's',
    trust: trust ? { ...trust, ...extra } : undefined,
    roles: role ? [role] : [],
    ability: buildAbility(role ? [role] : [], trust?.trustId),
  });
  const context = (handler: object, target: object, who?: object, method = 'GET') =>
    ({
      getHandler: () => handler,
      getClass: () => target,
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => (who ? { caller: who, method } : { method }) }),
    }) as never;
  const reflector = { getAllAndOverride: (key: string, targets: object[]) => targets.map((t) => Reflect.getMetadata(key, t)).find((v) => v !== undefined) };
  const guard = new AccessGuard(reflector as never);
  /** A handler declaring `decorator`, and the guard's answer for `who` calling it. */
  const call = (decorator: MethodDecorator | undefined, who?: object, method?: string) => {
    class Declared {
      handler() {}
    }
    const descriptor = Object.getOwnPropertyDescriptor(Declared.prototype, 'handler')!;
    decorator?.(Declared.prototype, 'handler', descriptor);
    return guard.canActivate(context(Declared.prototype.handler, Declared, who, method));
  };

  it('refuses an operation that declares no rule, even for a signed-in caller', async () => {
    await expect(call(undefined, caller(held.nurse))).rejects.toThrow(/declares no access rule/);
  });

  it('lets the declared permission through, and refuses a caller who holds it nowhere in the trust as FORBIDDEN naming it', async () => {
    await expect(call(Access.can('book', 'Visit'), caller(held.nurse))).resolves.toBe(true);
    await expect(call(Access.can('book', 'Visit'), caller(held.admin))).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'You do not have permission to book visits' });
    await expect(call(Access.can('manage', 'StaffRole'), caller(held.admin))).resolves.toBe(true);
    await expect(call(Access.can('manage', 'StaffRole'), caller(held.nurse))).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'You do not have permission to manage staff roles' });
  });

  it('answers NOT_FOUND where declared, so someone who may see no such record cannot tell whether one exists', async () => {
    await expect(call(Access.can('cancel', 'Visit', { otherwise: 'not-found' }), caller(held.analyst))).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Visit was not found' });
    await expect(call(Access.can('cancel', 'Visit', { otherwise: 'not-found' }), caller(held.nurse))).resolves.toBe(true);
  });

  it('lets a list through to be narrowed by the same permission: an analyst lists no visits rather than being refused', async () => {
    await expect(call(Access.can('read', 'Visit', { otherwise: 'empty' }), caller(held.analyst))).resolves.toBe(true);
  });

  it('asks for X-Trust when a permission held within trusts is needed and no trust is active', async () => {
    await expect(call(Access.can('read', 'Ward'), caller(held.nurse, null))).rejects.toThrow(/X-Trust/);
    await expect(call(Access.can('read', 'Visit', { otherwise: 'empty' }), caller(held.nurse, null))).rejects.toThrow(/X-Trust/);
    await expect(call(Access.can('read', 'Trust'), caller(held.platform, null))).rejects.toThrow(/X-Trust/);
  });

  it('checks a permission only platform roles hold platform-wide, with no trust needed', async () => {
    await expect(call(Access.can('manage', 'TrustGroup'), caller(held.platform, null))).resolves.toBe(true);
    await expect(call(Access.can('manage', 'TrustGroup'), caller(held.admin))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('accepts any one of several permissions', async () => {
    const either = Access.canAny([{ action: 'onboard', subject: 'Trust' }, { action: 'read', subject: 'TrustSettings' }], { otherwise: 'not-found' });
    await expect(call(either, caller(held.platform, null))).resolves.toBe(true);
    await expect(call(either, caller(held.admin))).resolves.toBe(true);
    await expect(call(either, caller(held.nurse))).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Trust was not found' });
  });

  it('refuses the signed-out everywhere but public operations, and changes to an archived trust', async () => {
    await expect(call(Access.can('read', 'Trust'))).rejects.toThrow(/Sign in/);
    await expect(call(Access.signedIn('who they are'))).rejects.toThrow(/Sign in/);
    await expect(call(Access.public('a probe'))).resolves.toBe(true);
    await expect(call(Access.signedIn('who they are'), caller(null, null))).resolves.toBe(true);
    await expect(call(Access.can('read', 'Ward'), caller(held.admin, TRUST, { readOnly: true }))).resolves.toBe(true);
    await expect(call(Access.can('update', 'Ward'), caller(held.admin, TRUST, { readOnly: true }), 'POST')).rejects.toThrow(/archived/);
  });

  it('reads the rule from the handler before the class', () => {
    class Declared {
      handler() {}
    }
    Access.public('the class')(Declared);
    Access.can('read', 'Ward')(Declared.prototype, 'handler', Object.getOwnPropertyDescriptor(Declared.prototype, 'handler')!);
    expect((reflector.getAllAndOverride(ACCESS_RULE, [Declared.prototype.handler, Declared]) as AccessRule).kind).toBe('permission');
  });
});
