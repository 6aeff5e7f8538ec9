import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@vv/contracts';
import { ACCESS_RULE, type AccessRule, type Permission, type Refusal } from './access.decorator';
import { CALLER_KEY, CALLER_RESOLVER, type Caller, type CallerResolver } from './caller';
import { describePermissions, needsActiveTrust, subjectWords } from './operation-permissions';

const RESOLVING = Symbol('resolving caller');

/**
 * Applied to every resolver and route: no declared rule, no access. For anything not
 * public it authenticates the request once (memoised on the request), then checks the
 * declared permission against the caller's ability before the operation runs: can the caller
 * do this anywhere in the active trust (or, for a permission only platform roles hold, at
 * all). What a caller may do to a particular record is checked by the service.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Optional() @Inject(CALLER_RESOLVER) private readonly resolver?: CallerResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new ForbiddenError('This operation declares no access rule, so it is refused');
    if (rule.kind === 'public') return true;
    const caller = await this.callerFor(requestOf(context));
    if (!caller) throw new UnauthenticatedError();
    if (rule.kind === 'permission') checkPermission(caller, rule.anyOf, rule.otherwise);
    if (caller.trust?.readOnly && isChange(context)) throw new ForbiddenError('This trust is archived: its records can be read but not changed');
    return true;
  }

  private async callerFor(request: Record<string | symbol, unknown>): Promise<Caller | undefined> {
    if (CALLER_KEY in request) return request[CALLER_KEY] as Caller | undefined;
    if (!this.resolver) return undefined;
    let pending = request[RESOLVING] as Promise<Caller | undefined> | undefined;
    if (!pending) {
      pending = this.resolver.resolve(request as never);
      request[RESOLVING] = pending;
    }
    const caller = await pending;
    request[CALLER_KEY] = caller;
    return caller;
  }
}

/** The coarse check: the caller holds one of the permissions somewhere in the active trust (or platform-wide). */
function checkPermission(caller: Caller, anyOf: readonly Permission[], otherwise: Refusal): void {
  if (!caller.trust && needsActiveTrust(anyOf)) throw new ForbiddenError('Choose a trust with the X-Trust header');
  if (otherwise === 'empty' || anyOf.some(({ action, subject }) => caller.ability.can(action, subject))) return;
  if (otherwise === 'not-found') throw new NotFoundError(subjectWords(anyOf[0].subject, { capital: true }));
  throw new ForbiddenError(`You do not have permission to ${describePermissions(anyOf)}`);
}

/** A GraphQL mutation, or an HTTP request that is not a read. */
function isChange(context: ExecutionContext): boolean {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getInfo<{ operation: { operation: string } }>().operation.operation === 'mutation';
  const method = context.switchToHttp().getRequest<{ method?: string }>().method ?? 'GET';
  return !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

export function requestOf(context: ExecutionContext): Record<string | symbol, unknown> {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: Record<string, unknown> }>().req;
  }
  return context.switchToHttp().getRequest<Record<string, unknown>>();
}

export function callerOf(context: ExecutionContext): Caller | undefined {
  return requestOf(context)[CALLER_KEY] as Caller | undefined;
}
