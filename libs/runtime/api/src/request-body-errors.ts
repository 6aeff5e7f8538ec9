import type { NextFunction, Request, Response } from 'express';

/** The error type of a body whose text is not UTF-8 (body-parser has none of its own: the API's parsers check it). */
export const NOT_UTF8 = 'entity.not.utf8';

/** body-parser's error types, in words a client can act on; none quotes the body. */
const PROBLEMS: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON' },
  'entity.too.large': { status: 413, message: 'The request body is too large' },
  'encoding.unsupported': { status: 415, message: 'The request body’s content encoding is not supported; send it uncompressed or gzip' },
  'charset.unsupported': { status: 415, message: 'The request body must be UTF-8' },
  [NOT_UTF8]: { status: 400, message: 'The request body must be UTF-8' },
  'request.aborted': { status: 400, message: 'The request body ended early' },
  'request.size.invalid': { status: 400, message: 'The request body is not the length its Content-Length says' },
  'parameters.too.many': { status: 413, message: 'The request has too many form fields' },
};

/** JSON the parser refuses because it takes only an object or array at the top (null, a number, a string). */
const NOT_AN_OBJECT = { status: 400, message: 'The request body must be a JSON object, such as {"query": "{ me { id } }"}' };

function isJsonText(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * An Express error handler placed right after the body parsers: a body that cannot be read
 * gets the API's usual error shape with a plain reason. The parser's own message is never
 * sent or logged: JSON.parse quotes the text around the fault, which may be a patient's name.
 */
export function requestBodyErrors() {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const type = (error as { type?: unknown } | null)?.type;
    const problem = type === 'entity.parse.failed' && isJsonText((error as { body?: unknown }).body) ? NOT_AN_OBJECT : typeof type === 'string' ? PROBLEMS[type] : undefined;
    if (!problem) return next(error);
    res.status(problem.status).json({ errors: [{ message: problem.message, extensions: { code: 'BAD_REQUEST' } }] });
  };
}
