import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, urlencoded } from 'express';
import { isUtf8, isUtf8FormBody } from '@vv/contracts';
import { NOT_UTF8, requestBodyErrors } from './request-body-errors';

/**
 * The one rule every body the API reads follows: its text is UTF-8, or it is refused before
 * anything parses it. body-parser would otherwise read stray bytes as "�" (and a form's "%FF"
 * as itself), and a name would be stored other than as it was typed.
 */
function utf8Only(isText: (body: Uint8Array) => boolean) {
  return (_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string | null): void => {
    if (encoding !== 'utf-8') throw Object.assign(new Error('unsupported charset'), { status: 415, type: 'charset.unsupported' });
    if (!isText(body)) throw Object.assign(new Error('not UTF-8'), { status: 400, type: NOT_UTF8 });
  };
}

/**
 * The bodies the API reads, all under the rule above: GraphQL and Notify's receipts as JSON,
 * and forms (the visitor page's "join" button posts one; nothing reads its fields, but a body
 * is parsed all the same). Then the handler that answers a body that cannot be read.
 * Nest's own parsers are switched off (`bodyParser: false`), so no other parser reads first.
 */
export function useRequestBodyParsers(app: NestExpressApplication): void {
  // express's parsers themselves: Nest's useBodyParser keeps `verify` for its raw-body option
  app.use(json({ limit: '256kb', verify: utf8Only(isUtf8) }));
  app.use(urlencoded({ extended: true, verify: utf8Only(isUtf8FormBody) }));
  app.use(requestBodyErrors());
}
