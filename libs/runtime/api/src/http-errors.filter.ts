import { Catch, HttpException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { answerUnusableVisitorLink, VISITOR_LINK_PATH } from '@vv/domain/visits';

/** What an HTTP error outside GraphQL says, by status: plain words, never the request's own text. */
const MESSAGES: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'The request is not valid (check the address and the body)' },
  404: { code: 'NOT_FOUND', message: 'There is nothing at this address' },
  405: { code: 'BAD_REQUEST', message: 'This address does not take that method' },
  413: { code: 'BAD_REQUEST', message: 'The request body is too large' },
  415: { code: 'BAD_REQUEST', message: 'The request body’s type is not supported' },
};

/**
 * Nest's own HTTP errors outside GraphQL (no such route, an address that cannot be decoded)
 * quote the request back ("Cannot GET /…", "Failed to decode param '…'"), and a path or
 * parameter may hold personal data. They are answered in the API's error shape instead.
 * Other statuses (the health checks' 503 with its details) are answered as Nest answers them.
 */
@Catch(HttpException)
export class HttpErrorsFilter extends BaseExceptionFilter {
  override catch(error: HttpException, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return error;
    const answer = MESSAGES[error.getStatus()];
    if (!answer) return super.catch(error, host);
    const status = error.getStatus();
    const http = host.switchToHttp();
    const res = http.getResponse<{ headersSent?: boolean; status(code: number): { json(body: unknown): void } }>();
    if (res.headersSent) return undefined;
    // a family's browser opening a broken link gets the family's page, not JSON
    const path = http.getRequest<{ originalUrl?: string }>().originalUrl ?? '';
    if (VISITOR_LINK_PATH.test(path)) return answerUnusableVisitorLink(http.getResponse(), status);
    res.status(status).json({ errors: [{ message: answer.message, extensions: { code: answer.code } }] });
    return undefined;
  }
}
