import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ForbiddenError, UnauthenticatedError } from '@vv/contracts';
import { ACCESS_RULE, type AccessRule } from './access.decorator';
import { CALLER_KEY, type Caller } from './caller';

/** Applied to every resolver and route: no declared rule, no access. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new ForbiddenError('This operation declares no access rule, so it is refused');
    if (rule.kind === 'public') return true;
    const caller = callerOf(context);
    if (!caller) throw new UnauthenticatedError();
    if (rule.kind === 'in-trust' && !caller.trust) throw new ForbiddenError('Choose a trust with the X-Trust header');
    return true;
  }
}

export function requestOf(context: ExecutionContext): Record<string, unknown> {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: Record<string, unknown> }>().req;
  }
  return context.switchToHttp().getRequest<Record<string, unknown>>();
}

export function callerOf(context: ExecutionContext): Caller | undefined {
  return requestOf(context)[CALLER_KEY] as Caller | undefined;
}
