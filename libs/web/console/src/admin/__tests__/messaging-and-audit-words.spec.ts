import { auditDayStart } from '../audit.routes';
import { auditActionChoices, auditActionFilter } from '../audit-words';
import { testMessageFlash } from '../messaging.routes';

describe('GOV.UK Notify’s answer to a test message, in words', () => {
  const answer = { recipient: '07••• •••583', notifyId: null, reason: null, accepted: false };

  it('says it was accepted, with Notify’s id', () => {
    expect(testMessageFlash({ ...answer, accepted: true, outcome: 'ACCEPTED', notifyId: 'f3c0c8a4-1111-4a4a-9b9b-000000000001' }, 'SMS')).toEqual({
      text: 'GOV.UK Notify accepted the test text message to 07••• •••583. Its id in Notify is f3c0c8a4-1111-4a4a-9b9b-000000000001.',
      kind: 'success',
    });
  });

  it('gives a refusal Notify’s own error, and each other outcome as a warning saying what to do', () => {
    expect(testMessageFlash({ ...answer, recipient: 'c•••@example.org', outcome: 'REFUSED', reason: '400 BadRequestError: Template not found' }, 'EMAIL')).toEqual({
      text: 'GOV.UK Notify refused the test email to c•••@example.org: 400 BadRequestError: Template not found',
      kind: 'warning',
    });
    expect(testMessageFlash({ ...answer, outcome: 'RATE_LIMITED' }, 'SMS').text).toContain('as many messages as it may this minute');
    expect(testMessageFlash({ ...answer, outcome: 'DAILY_LIMIT' }, 'SMS').text).toContain('daily limit');
    expect(testMessageFlash({ ...answer, outcome: 'UNAVAILABLE', reason: 'could not reach GOV.UK Notify (ECONNREFUSED)' }, 'SMS')).toEqual({
      text: 'GOV.UK Notify could not take the test text message to 07••• •••583 (could not reach GOV.UK Notify (ECONNREFUSED)). Try again in a minute.',
      kind: 'warning',
    });
  });
});

describe('the days an audit search covers (Europe/London, both included)', () => {
  it('start at local midnight, across the clock changes', () => {
    expect(auditDayStart('2026-03-29', 'from')).toEqual({ at: '2026-03-29T00:00:00.000Z' });
    expect(auditDayStart('2026-03-29', 'to')).toEqual({ at: '2026-03-29T23:00:00.000Z' });
    expect(auditDayStart('2026-10-25', 'from')).toEqual({ at: '2026-10-24T23:00:00.000Z' });
    expect(auditDayStart('2026-10-25', 'to')).toEqual({ at: '2026-10-26T00:00:00.000Z' });
    expect(auditDayStart('', 'from')).toEqual({});
  });

  it('are real dates only', () => {
    for (const text of ['2026-02-30', '2026-3-1', '1999-12-31', 'yesterday']) {
      expect(auditDayStart(text, 'to')).toEqual({ problem: { field: 'to', message: 'must be a real date, like 2026-03-01' } });
    }
  });
});

describe('the audit’s actions in words, and the search form’s choice of them', () => {
  it('reads an action or an area from the address, in lower case, and refuses anything else', () => {
    expect(auditActionFilter('ward_updated')).toEqual({ action: 'WARD_UPDATED' });
    expect(auditActionFilter('ward')).toEqual({ area: 'WARD' });
    expect(auditActionFilter('')).toEqual({});
    for (const text of ['ward.updated', 'drop table', 'constructor', 'WARD_', 'toString']) expect(auditActionFilter(text)).toEqual({ problem: 'must be one of the actions listed' });
  });

  it('offers each area the audit holds, then its actions, in words', () => {
    expect(auditActionChoices(['VISIT_BOOKED', 'VISIT_CANCELLED', 'WARD_UPDATED'])).toEqual([
      { value: 'visit', text: 'Visits: every action' },
      { value: 'visit_booked', text: 'Visits: Visit booked' },
      { value: 'visit_cancelled', text: 'Visits: Visit cancelled' },
      { value: 'ward', text: 'Wards: every action' },
      { value: 'ward_updated', text: 'Wards: Ward changed' },
    ]);
    expect(auditActionChoices([])).toEqual([]);
  });
});
