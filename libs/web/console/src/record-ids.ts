import { Router } from 'express';
import { normaliseId } from '@vv/contracts';
import { ApiError } from './api/console-api';

/**
 * The path parameters that carry a record's id (a visit, a message, a ward or hospital, a person,
 * a role, an invitation). Every other parameter in a route's path is named in NOT_ID_PARAMS; a
 * spec holds the routes to the two lists, so a new parameter is one or the other on purpose.
 */
export const ID_PARAMS = ['id', 'assignmentId', 'messageId'] as const;
/** Path parameters that are not ids, each checked by its own route. */
export const NOT_ID_PARAMS = ['odsCode', 'status'] as const;

/**
 * An id from a page's address or a form's hidden field, as the API spells it (a UUID, lowercase;
 * the same rule as the API's ID scalar). Anything else names nothing there could be: NOT_FOUND,
 * so a changed address shows "page not found", never the API's words about ids.
 */
export function recordId(value: unknown): string {
  const id = normaliseId(value);
  if (id === null) throw new ApiError('NOT_FOUND', 'not an id');
  return id;
}

/** The same for a field a person may leave empty (a query's ward, a form's choice): empty stays empty. */
export function optionalRecordId(value: unknown): string | undefined {
  return value === undefined || value === '' ? undefined : recordId(value);
}

/**
 * The API refused an id itself (BAD_USER_INPUT on id fields only): an id that reached it from an
 * address or a hidden field, which names nothing, so the page is "not found" like any other.
 */
export function isRefusedId(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'BAD_USER_INPUT' && error.fields.length > 0 && error.fields.every((problem) => /(^|\.)(id|[a-z][A-Za-z]*Id)$/.test(problem.field));
}

/**
 * A router of the console's pages: before any of its routes runs, each id in the path is checked
 * and put in the API's spelling, so an upper-case UUID is the same page as its lowercase one and
 * `/visits/not-an-id` is "page not found" (for a form's POST too, after its CSRF check).
 */
export function consoleRouter(): Router {
  const router = Router();
  for (const name of ID_PARAMS) {
    router.param(name, (req, _res, next, value: string) => {
      try {
        req.params[name] = recordId(value);
        next();
      } catch (error) {
        next(error);
      }
    });
  }
  return router;
}
