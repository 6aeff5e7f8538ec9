import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * Largest GraphQL request (bytes of body, or of URL for GET) taken from a caller who has not
 * signed in. Nothing in the API answers them but UNAUTHENTICATED, so they get a small fixed
 * budget: a request over it is refused before its body is read, parsed or validated.
 */
export const ANONYMOUS_REQUEST_MAX_BYTES = 8192;

/**
 * Express middleware in front of the body parser on /graphql: an oversize request is refused
 * from its headers alone unless its bearer token verifies (the check every request gets, from
 * cached keys). Signed-in callers still meet the body limit, the parser's token limit and the
 * query limits.
 */
export function anonymousQueryBudget(isSignedIn: (token: string) => Promise<boolean>, maxBytes = ANONYMOUS_REQUEST_MAX_BYTES) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (requestSize(req) <= maxBytes) return next();
    const token = /^Bearer ([\x21-\x7E]{1,8192})$/.exec(req.headers.authorization ?? '')?.[1];
    if (token && (await isSignedIn(token).catch(() => false))) return next();
    refuseUnread(res, `Sign in to send a request over ${maxBytes} bytes`);
  };
}

/**
 * Answers 401 UNAUTHENTICATED without reading the body, then drops the connection as soon as the
 * answer is written: the kernel stops taking the body and nothing here reads or parses it
 * (answering with `connection: close` alone would have Node read and discard the whole body).
 */
function refuseUnread(res: ServerResponse, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
  res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', connection: 'close' });
  res.end(body, () => res.socket?.destroy());
}

function requestSize(req: Request): number {
  const declared = Number(req.headers['content-length'] ?? 0);
  // a body of unknown length (chunked) is taken as large
  const body = req.headers['transfer-encoding'] ? Number.POSITIVE_INFINITY : Number.isFinite(declared) ? declared : Number.POSITIVE_INFINITY;
  return Math.max(body, req.originalUrl.length);
}
