import { Writable } from 'node:stream';
import { createLogger } from '../logger';
import { logContext } from '../log-context';
import { JsonNestLogger } from '../logger.module';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', destination }) };
}

describe('the JSON logger', () => {
  it('writes one JSON object per line with the request id, trust and staff id of the context', () => {
    const { lines, logger } = capture();
    logContext.run({ requestId: 'req-1' }, () => {
      logContext.assign({ trust: 'RNQ', staffId: 'staff-1' });
      logger.info({ visitId: 'v-1' }, 'visit booked');
    });
    expect(lines[0]).toMatchObject({ level: 'info', service: 'test', requestId: 'req-1', trust: 'RNQ', staffId: 'staff-1', visitId: 'v-1', message: 'visit booked' });
  });

  it('drops personal data and secrets wherever they are nested', () => {
    const { lines, logger } = capture();
    logger.info({ patientName: 'Jane', input: { mobile: '07700900123', email: 'j@example.com' }, token: 'eyJ...', apiKey: 'k' }, 'careless');
    const text = JSON.stringify(lines[0]);
    for (const value of ['Jane', '07700900123', 'j@example.com', 'eyJ', '"k"']) expect(text).not.toContain(value);
  });

  it('drops them at any depth and in arrays, whatever the case of the key', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        request: { body: { variables: { input: { patientName: 'Canary Patient' } } } },
        graphql: { variables: { input: { contactMobile: '07700900999', contactName: 'Canary Contact' } } },
        deep: { a: { b: { c: { d: { e: { contactEmail: 'canary@example.org', kept: 'ward-id-1' } } } } } },
        list: [{ Authorization: 'Bearer canary-token' }, { cancelReason: 'canary reason' }],
      },
      'careless',
    );
    const text = JSON.stringify(lines[0]);
    for (const value of ['Canary', 'canary', '07700900999']) expect(text).not.toContain(value);
    expect(text).toContain('ward-id-1');
  });

  it("keeps terminal colour codes out of NestJS's lines, and its start-up chatter at debug", () => {
    const { lines, logger } = capture();
    const nest = new JsonNestLogger(logger);
    nest.log(`${String.fromCharCode(27)}[32mStarted${String.fromCharCode(27)}[39m`, 'Worker');
    nest.log('Mapped {/graphql, POST} route', 'RouterExplorer');
    expect(lines).toEqual([expect.objectContaining({ level: 'info', message: 'Started', context: 'Worker' })]);
  });
});
