import { request } from 'node:http';
import { setPriority } from 'node:os';

/**
 * The callers of `npm run bench:oversize`, each forked as a process of its own so that neither
 * their CPU nor their event loop is the API's:
 *
 * - `probe`: a signed-in member of staff sending `{ me { id } }` one request after another over
 *   one kept-alive connection, as the console does; answers each `probe` with the latencies.
 * - `anonymous`: `clients` callers who have not signed in, each sending a 200 KB query back to
 *   back as abusive clients do: headers, then the whole body written whatever the server says,
 *   a new connection each time. Runs at the lowest priority: they stand for clients on other
 *   machines, whose CPU the API would never share. On `stop`, answers with what they got.
 */
export type OversizeClientOrder =
  | { kind: 'probe'; url: string; token: string; samples: number }
  | { kind: 'anonymous'; url: string; clients: number; body: string }
  | { kind: 'count' }
  | { kind: 'stop' };

export interface ProbeResult {
  kind: 'probed';
  latenciesMs: number[];
}

/** The anonymous requests answered or cut off so far. */
export interface AnonymousCount {
  kind: 'counted';
  sent: number;
}

export interface AnonymousResult {
  kind: 'anonymous-done';
  sent: number;
  /** How each request ended: `401 UNAUTHENTICATED` and the like, or how the connection closed. */
  outcomes: Record<string, number>;
  /** Requests the server answered before the client had written the whole body. */
  answeredBeforeBodySent: number;
  p95Ms: number;
}

const TRIVIAL = '{ me { id } }';
let stopping = false;
let anonymousSent = 0;

process.on('message', (order: OversizeClientOrder) => {
  if (order.kind === 'probe') void probe(order.url, order.token, order.samples).then((latenciesMs) => process.send!({ kind: 'probed', latenciesMs } satisfies ProbeResult));
  if (order.kind === 'anonymous') anonymous(order.url, order.clients, Buffer.from(order.body));
  if (order.kind === 'count') process.send!({ kind: 'counted', sent: anonymousSent } satisfies AnonymousCount);
  if (order.kind === 'stop') stopping = true;
});

async function probe(url: string, token: string, samples: number): Promise<number[]> {
  const body = JSON.stringify({ query: TRIVIAL });
  const latencies: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const answer = (await response.json()) as { data?: { me?: { id?: string } }; errors?: unknown };
    if (!answer.data?.me?.id) throw new Error(`the signed-in query failed: ${JSON.stringify(answer.errors)}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

function anonymous(url: string, clients: number, body: Buffer): void {
  setPriority(19);
  const outcomes: Record<string, number> = {};
  const latencies: number[] = [];
  let answeredBeforeBodySent = 0;
  const count = (outcome: string) => (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);
  void Promise.all(
    Array.from({ length: clients }, async () => {
      while (!stopping) {
        const started = performance.now();
        const { outcome, bodySent } = await send(url, body);
        latencies.push(performance.now() - started);
        anonymousSent += 1;
        count(outcome);
        if (!bodySent && outcome.startsWith('4')) answeredBeforeBodySent += 1;
      }
    }),
  ).then(() => {
    latencies.sort((a, b) => a - b);
    const result: AnonymousResult = { kind: 'anonymous-done', sent: latencies.length, outcomes, answeredBeforeBodySent, p95Ms: latencies[Math.floor(latencies.length * 0.95)] ?? 0 };
    process.send!(result, () => process.exit(0));
  });
}

/** One request on a new connection: the status and code of the answer, or how the connection ended without one. */
function send(url: string, body: Buffer): Promise<{ outcome: string; bodySent: boolean }> {
  return new Promise((resolve) => {
    let bodySent = false;
    let settled = false;
    const settle = (outcome: string) => {
      if (settled) return;
      settled = true;
      resolve({ outcome, bodySent });
    };
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      const sentWhenAnswered = bodySent;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => settle(`${res.statusCode} (answer cut off)`));
      res.on('end', () => {
        let code = 'no error';
        try {
          code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? code;
        } catch {
          code = 'not JSON';
        }
        bodySent = sentWhenAnswered;
        settle(`${res.statusCode} ${code}`);
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => settle(`connection closed with no answer (${error.code ?? error.message})`));
    req.end(body, () => (bodySent = true));
  });
}
