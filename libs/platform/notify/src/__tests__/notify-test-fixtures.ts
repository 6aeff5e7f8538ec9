import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { closeServer, listen } from '@vv/platform/testing';
import { makeNotifyApiKey } from '../notify-api-key';
import type { LocalNotifyService } from '../local-notify-server';

export const SERVICE_ID = '6f1c2a0e-3b4d-4c5e-8f60-718293a4b5c6';
export const SECRET = 'd2e3f4a5-b6c7-4d8e-9f01-a2b3c4d5e6f7';
export const OTHER_SERVICE_ID = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';
export const OTHER_SECRET = '11223344-5566-4778-8899-aabbccddeeff';
export const SMS_TEMPLATE = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
export const EMAIL_TEMPLATE = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
export const UNKNOWN_TEMPLATE = 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f';
export const SMS_SENDER = 'e4f5a6b7-c8d9-4e0f-8a1b-2c3d4e5f6a7b';
export const REPLY_TO = 'f5a6b7c8-d9e0-4f1a-9b2c-3d4e5f6a7b8c';

export const API_KEY = makeNotifyApiKey('vv_local', SERVICE_ID, SECRET);
export const OTHER_API_KEY = makeNotifyApiKey('vv_other', OTHER_SERVICE_ID, OTHER_SECRET);

/** Personal data a test sends: none of it may appear in an outcome's reason or an error. */
export const MOBILE = '+447700900123';
export const EMAIL = 'sam.visitor@example.org';
export const PERSONALISATION = { patient: 'Alexandra', ward: 'Ward 7B Cedar', time: '14:30 on 3 June' };

export function services(): LocalNotifyService[] {
  const templates = [
    { id: SMS_TEMPLATE, type: 'sms' as const, personalisation: ['patient', 'ward', 'time'], body: 'Your visit to ((patient)) on ((ward)) is at ((time)).' },
    { id: EMAIL_TEMPLATE, type: 'email' as const, personalisation: ['patient', 'ward', 'time'], subject: 'Visit to ((patient))', body: 'See ((patient)) on ((ward)) at ((time)).' },
  ];
  return [
    { serviceId: SERVICE_ID, secret: SECRET, templates, smsSenderIds: [SMS_SENDER], emailReplyToIds: [REPLY_TO] },
    { serviceId: OTHER_SERVICE_ID, secret: OTHER_SECRET, templates },
  ];
}

/** A Notify API token as the official clients make it. */
/** The specs' clock (a Monday, GMT), held still: what the local Notify records and checks tokens against, and what senders date them by. */
export const NOW = new Date('2026-11-23T09:00:00Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

export function token(serviceId = SERVICE_ID, secret = SECRET, iat = NOW_SECONDS): Promise<string> {
  return new SignJWT({ iss: serviceId, iat }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

/** Everything an outcome or error could show in a log line or a database column. */
export function printed(value: unknown): string {
  if (value instanceof Error) return `${String(value)} ${value.stack} ${JSON.stringify({ ...value })} ${JSON.stringify(value.cause ?? null)}`;
  return JSON.stringify(value);
}

export function expectNothingPersonal(value: unknown): void {
  const text = printed(value);
  for (const secret of [API_KEY, SECRET, MOBILE, MOBILE.slice(1), '7700900123', EMAIL, ...Object.values(PERSONALISATION)]) {
    expect(text).not.toContain(secret);
  }
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A plain HTTP server for callbacks and canned answers: records each request, then answers with
 * `reply` (status and JSON body), or never answers when reply returns null.
 */
export async function scriptedServer(reply: (request: RecordedRequest, index: number) => { status: number; body?: unknown } | null): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const answer = reply(request, requests.length - 1);
      if (!answer) return;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await listen(server, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => closeServer(server) };
}

/** Waits until the condition holds (polling), failing after a second. */
export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
