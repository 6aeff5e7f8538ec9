import type { NextFunction, Request, Response } from 'express';

/**
 * Largest query (in characters) GraphQL parses and validates for a caller who has not signed
 * in. Nothing in the API answers them but UNAUTHENTICATED, so they get a small fixed budget of
 * parser and validation work: a query over it is refused before either runs.
 */
export const ANONYMOUS_QUERY_MAX_CHARACTERS = 4096;

/**
 * Express middleware in front of /graphql: an oversize query is refused cheaply unless its
 * bearer token verifies (the same check every request gets, from cached keys). Signed-in callers
 * still meet the parser's token limit and the query limits.
 */
export function anonymousQueryBudget(isSignedIn: (token: string) => Promise<boolean>, maxCharacters = ANONYMOUS_QUERY_MAX_CHARACTERS) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (querySize(req) <= maxCharacters) return next();
    const token = /^Bearer ([\x21-\x7E]{1,8192})$/.exec(req.headers.authorization ?? '')?.[1];
    if (token && (await isSignedIn(token).catch(() => false))) return next();
    res.status(401).json({
      errors: [{ message: `Sign in to send a query over ${maxCharacters} characters`, extensions: { code: 'UNAUTHENTICATED' } }],
    });
  };
}

function querySize(req: Request): number {
  const fromBody = (req.body as { query?: unknown } | undefined)?.query;
  const fromUrl = req.query?.query;
  const sizes = [fromBody, fromUrl].map((q) => (typeof q === 'string' ? q.length : Array.isArray(q) ? JSON.stringify(q).length : 0));
  // a batch, or anything that is not a plain query, is measured whole
  const body = req.body as unknown;
  if (Array.isArray(body)) sizes.push(JSON.stringify(body).length);
  return Math.max(...sizes);
}
