import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '@vv/contracts';
import { callerOf } from './access.guard';
import type { Caller } from './caller';

/** The signed-in caller; the access guard has already refused anyone without one. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = callerOf(context);
  if (!caller) throw new UnauthenticatedError();
  return caller;
});
