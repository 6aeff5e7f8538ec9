import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, type ErrorCode } from '@vv/contracts';

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  VIDEO_SERVICE_UNAVAILABLE: 503,
  VIDEO_SERVICE_REFUSED: 502,
};

/**
 * Domain errors are answers, not faults: hand them to GraphQL's error formatter (or
 * answer an HTTP route with the matching status) without logging them as failures.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return error;
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    res.status(HTTP_STATUS[error.code]).json({ error: { code: error.code, message: error.message, fields: error.fields } });
    return undefined;
  }
}
