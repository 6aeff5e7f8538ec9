import { expandVisitingHours } from '@vv/domain/trusts';
import { localTime, peakConcurrency, withinVisitingHours } from '../visit-rules';

const LONDON = 'Europe/London';
const at = (iso: string) => new Date(iso);

describe('visiting hours in Europe/London', () => {
  const afternoons = expandVisitingHours({ everyDay: ['14:00-20:00'] });

  it('reads hours in local time in winter (GMT) and summer (BST)', () => {
    expect(withinVisitingHours(at('2026-12-01T14:00:00Z'), 60, afternoons, LONDON)).toBe(true);
    expect(withinVisitingHours(at('2026-07-01T14:00:00Z'), 60, afternoons, LONDON)).toBe(true); // 15:00 BST
    expect(withinVisitingHours(at('2026-07-01T13:00:00Z'), 60, afternoons, LONDON)).toBe(true); // 14:00 BST
    expect(withinVisitingHours(at('2026-12-01T13:00:00Z'), 60, afternoons, LONDON)).toBe(false); // 13:00 GMT
  });

  it('handles the day the clocks go forward (29 March 2026) and back (25 October 2026)', () => {
    expect(withinVisitingHours(at('2026-03-29T13:00:00Z'), 30, afternoons, LONDON)).toBe(true); // 14:00 BST
    expect(withinVisitingHours(at('2026-03-29T12:30:00Z'), 30, afternoons, LONDON)).toBe(false); // 13:30 BST
    expect(withinVisitingHours(at('2026-10-25T14:00:00Z'), 30, afternoons, LONDON)).toBe(true); // 14:00 GMT
    expect(withinVisitingHours(at('2026-10-25T13:30:00Z'), 30, afternoons, LONDON)).toBe(false); // 13:30 GMT
    expect(localTime(at('2026-03-29T13:00:00Z'), LONDON)).toBe('Sunday 29 March 2026 at 2pm');
    expect(localTime(at('2026-10-25T13:00:00Z'), LONDON)).toBe('Sunday 25 October 2026 at 1pm');
  });

  it('lets a slot end exactly when the range ends, not a minute later', () => {
    expect(withinVisitingHours(at('2026-12-01T19:30:00Z'), 30, afternoons, LONDON)).toBe(true);
    expect(withinVisitingHours(at('2026-12-01T19:31:00Z'), 30, afternoons, LONDON)).toBe(false);
  });

  it('uses the right weekday, and a named day wins over every day', () => {
    const hours = expandVisitingHours({ everyDay: ['14:00-20:00'], sunday: ['10:00-12:00'] });
    expect(withinVisitingHours(at('2026-11-22T10:00:00Z'), 30, hours, LONDON)).toBe(true); // Sunday
    expect(withinVisitingHours(at('2026-11-22T15:00:00Z'), 30, hours, LONDON)).toBe(false);
    expect(withinVisitingHours(at('2026-11-23T10:00:00Z'), 30, hours, LONDON)).toBe(false); // Monday
  });

  it('takes a slot across midnight only where both days are open', () => {
    const allDay = expandVisitingHours({ everyDay: ['00:00-24:00'] });
    expect(withinVisitingHours(at('2026-12-01T23:50:00Z'), 20, allDay, LONDON)).toBe(true);
    expect(withinVisitingHours(at('2026-12-01T23:40:00Z'), 20, allDay, LONDON)).toBe(true); // ends at midnight
    const evenings = expandVisitingHours({ everyDay: ['18:00-24:00'] });
    expect(withinVisitingHours(at('2026-12-01T23:50:00Z'), 20, evenings, LONDON)).toBe(false);
  });
});

describe('peak concurrency', () => {
  const visit = (from: string, to: string) => ({ scheduledStart: at(`2026-12-01T${from}:00Z`), scheduledEnd: at(`2026-12-01T${to}:00Z`) });

  it('counts the most visits running at one moment, with the new one', () => {
    expect(peakConcurrency(at('2026-12-01T15:00:00Z'), at('2026-12-01T16:00:00Z'), [])).toBe(1);
    // two visits that overlap the new one but not each other: never more than two at once
    expect(peakConcurrency(at('2026-12-01T15:00:00Z'), at('2026-12-01T16:00:00Z'), [visit('14:30', '15:15'), visit('15:30', '16:30')])).toBe(2);
    expect(peakConcurrency(at('2026-12-01T15:00:00Z'), at('2026-12-01T16:00:00Z'), [visit('14:30', '15:45'), visit('15:30', '16:30')])).toBe(3);
    // back to back does not overlap
    expect(peakConcurrency(at('2026-12-01T15:00:00Z'), at('2026-12-01T16:00:00Z'), [visit('14:00', '15:00'), visit('16:00', '17:00')])).toBe(1);
  });
});
