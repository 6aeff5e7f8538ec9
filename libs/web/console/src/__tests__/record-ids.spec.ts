import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError } from '../api/console-api';
import { consoleRouter, ID_PARAMS, isRefusedId, NOT_ID_PARAMS, optionalRecordId, recordId } from '../record-ids';

const SOURCE = join(import.meta.dirname, '..');
const VISIT = '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f';

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' || entry.name === 'templates' ? [] : routeFiles(path);
    return entry.name.endsWith('.routes.ts') ? [path] : [];
  });
}

describe('an id from a page’s address', () => {
  it('is a UUID in any letter case, given on in lowercase; anything else is not found', () => {
    expect(recordId(VISIT.toUpperCase())).toBe(VISIT);
    for (const tampered of ['not-an-id', '', VISIT.replaceAll('-', ''), `${VISIT} `, ['a'], undefined]) {
      expect(() => recordId(tampered)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    }
    expect(optionalRecordId('')).toBeUndefined();
    expect(optionalRecordId(undefined)).toBeUndefined();
    expect(() => optionalRecordId('ward-1')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('counts the API refusing only ids as a page not found, and any other bad input as the form’s', () => {
    expect(isRefusedId(new ApiError('BAD_USER_INPUT', 'bad', [{ field: 'id', message: 'is not an id' }]))).toBe(true);
    expect(isRefusedId(new ApiError('BAD_USER_INPUT', 'bad', [{ field: 'input.wardId', message: 'is not an id' }]))).toBe(true);
    expect(isRefusedId(new ApiError('BAD_USER_INPUT', 'bad', [{ field: 'input.wardId', message: 'is not an id' }, { field: 'input.patientName', message: 'is empty' }]))).toBe(false);
    expect(isRefusedId(new ApiError('BAD_USER_INPUT', 'bad', []))).toBe(false);
    expect(isRefusedId(new ApiError('NOT_FOUND', 'gone', [{ field: 'id', message: 'x' }]))).toBe(false);
  });

  it('is checked by the console’s routers before a route runs, for a GET and a POST alike', async () => {
    const seen: string[] = [];
    const router = consoleRouter();
    router.get('/visits/:id', (req, res) => res.send(`visit ${String(req.params.id)}`));
    router.post('/visits/:id/messages/:messageId/resend', (req, res) => res.send(`${String(req.params.id)} ${String(req.params.messageId)}`));
    const app = express();
    app.use(router);
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      seen.push(error instanceof ApiError ? error.code : 'other');
      res.status(404).send('not found');
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const upper = await fetch(`${base}/visits/${VISIT.toUpperCase()}`);
      expect([upper.status, await upper.text()]).toEqual([200, `visit ${VISIT}`]);
      const tampered = await fetch(`${base}/visits/not-an-id`);
      expect(tampered.status).toBe(404);
      const post = await fetch(`${base}/visits/${VISIT}/messages/${VISIT.toUpperCase()}/resend`, { method: 'POST' });
      expect(await post.text()).toBe(`${VISIT} ${VISIT}`);
      const badMessage = await fetch(`${base}/visits/${VISIT}/messages/1/resend`, { method: 'POST' });
      expect(badMessage.status).toBe(404);
      expect(seen).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the console’s routes', () => {
  const files = routeFiles(SOURCE);

  it('are all made with consoleRouter, so every id in a path is checked', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect({ file: relative(SOURCE, file), plainRouter: /\bRouter\(\)/.test(source.replaceAll('consoleRouter()', '')) }).toEqual({ file: relative(SOURCE, file), plainRouter: false });
    }
  });

  it('name each path parameter as an id or as something else on purpose', () => {
    const known = new Set<string>([...ID_PARAMS, ...NOT_ID_PARAMS]);
    const params = new Set<string>();
    for (const file of files) {
      for (const [, path] of readFileSync(file, 'utf8').matchAll(/['`](\/[^'`]*)['`]/g)) {
        for (const [, name] of path.matchAll(/:(\w+)/g)) params.add(name);
      }
    }
    expect(params.size).toBeGreaterThan(3);
    expect([...params].filter((name) => !known.has(name))).toEqual([]);
  });
});
