import 'reflect-metadata';
import { ACCESS_RULE, AccessGuard } from '@vv/platform/access';
import { API_CONTROLLERS, API_RESOLVERS } from '../api.module';

/** Nest's own metadata keys for GraphQL operations and HTTP routes. */
const GRAPHQL_OPERATION = 'graphql:resolver_type';
const HTTP_ROUTE = 'method';

function handlers(target: new (...args: never[]) => unknown): { name: string; handler: object }[] {
  return Object.getOwnPropertyNames(target.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => ({ name, handler: target.prototype[name] as object }))
    .filter(({ handler }) => typeof handler === 'function' && (Reflect.getMetadata(GRAPHQL_OPERATION, handler) || Reflect.getMetadata(HTTP_ROUTE, handler) !== undefined));
}

describe('every resolver and route declares its access rule', () => {
  const all = [...API_RESOLVERS, ...API_CONTROLLERS].flatMap((target) => handlers(target).map((h) => ({ ...h, target })));

  it('finds the operations it checks', () => {
    expect(all.map((h) => `${h.target.name}.${h.name}`)).toEqual(expect.arrayContaining(['TrustResolver.trust', 'TrustResolver.wards', 'HealthController.ready']));
  });

  it.each(all.map((h) => [`${h.target.name}.${h.name}`, h] as const))('%s has a rule', (_name, { target, handler }) => {
    expect(Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, target)).toBeDefined();
  });
});

describe('the access guard', () => {
  const context = (handler: object, target: object, caller?: object) =>
    ({
      getHandler: () => handler,
      getClass: () => target,
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => (caller ? { caller } : {}) }),
    }) as never;
  const reflector = { getAllAndOverride: (key: string, targets: object[]) => targets.map((t) => Reflect.getMetadata(key, t)).find((v) => v !== undefined) };
  const guard = new AccessGuard(reflector as never);

  it('refuses an operation that declares no rule, even for a signed-in caller', async () => {
    class Undeclared {
      handler() {}
    }
    await expect(guard.canActivate(context(Undeclared.prototype.handler, Undeclared, { staffId: 's' }))).rejects.toThrow(/declares no access rule/);
  });

  it('refuses a signed-out caller where sign-in is required, and a caller with no active trust where one is', async () => {
    class Declared {
      handler() {}
    }
    Reflect.defineMetadata(ACCESS_RULE, { kind: 'in-trust' }, Declared.prototype.handler);
    await expect(guard.canActivate(context(Declared.prototype.handler, Declared))).rejects.toThrow(/Sign in/);
    await expect(guard.canActivate(context(Declared.prototype.handler, Declared, { staffId: 's' }))).rejects.toThrow(/X-Trust/);
    await expect(guard.canActivate(context(Declared.prototype.handler, Declared, { staffId: 's', trust: { trustId: 't', odsCode: 'RNQ' } }))).resolves.toBe(true);
  });
});
