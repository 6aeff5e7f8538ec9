import { UnauthenticatedError } from '@vv/contracts';
import { TokenRefusedError, type TokenRefusalReason } from '@vv/platform/auth';
import { CallerResolverService } from '../caller-resolver.service';

/** A refused token must never reach the database: not the staff lookup, not the roles. */
describe('CallerResolverService with a refused token', () => {
  const untouchable = new Proxy({}, { get: (_target, name) => () => { throw new Error(`the database was asked: ${String(name)}`); } });
  const trusts = { ready: async () => undefined, acceptingTenant: () => [], all: () => [] };

  it.each(['unknown_tenant', 'bad_signature', 'expired', 'wrong_audience', 'wrong_issuer'] as TokenRefusalReason[])(
    'answers UNAUTHENTICATED for %s, records the reason, and never queries the database',
    async (reason) => {
      const recorded: string[] = [];
      const verifier = { verify: async () => Promise.reject(new TokenRefusedError(reason)) };
      const service = new CallerResolverService(verifier as never, { record: (r: string) => recorded.push(r) } as never, untouchable as never, trusts as never, {} as never, () => new Date());
      await expect(service.resolve({ headers: { authorization: 'Bearer abc.def.ghi' } })).rejects.toBeInstanceOf(UnauthenticatedError);
      expect(recorded).toEqual([reason]);
    },
  );

  it('treats a missing header as signed out and a non-bearer one as malformed, without the database', async () => {
    const recorded: string[] = [];
    const service = new CallerResolverService({} as never, { record: (r: string) => recorded.push(r) } as never, untouchable as never, trusts as never, {} as never, () => new Date());
    await expect(service.resolve({ headers: {} })).resolves.toBeUndefined();
    await expect(service.resolve({ headers: { authorization: 'Basic dXNlcjpwYXNz' } })).resolves.toBeUndefined();
    expect(recorded).toEqual(['malformed']);
  });
});
