import { formatNhsDate, formatNhsDateTime, formatNhsTime, formatNhsTimeRange } from '../index';

describe('NHS-style times', () => {
  it.each([
    ['2026-01-10T09:00:00Z', '9am'],
    ['2026-01-10T17:30:00Z', '5:30pm'],
    ['2026-01-10T12:00:00Z', 'midday'],
    ['2026-01-10T00:00:00Z', 'midnight'],
    ['2026-01-10T00:05:00Z', '12:05am'],
    ['2026-01-10T12:45:00Z', '12:45pm'],
    // British Summer Time: 16:30 UTC is 5:30pm in London
    ['2026-07-01T16:30:00Z', '5:30pm'],
  ])('%s is %s', (instant, expected) => {
    expect(formatNhsTime(instant)).toBe(expected);
  });

  it('writes dates without commas or ordinals, across the clock change', () => {
    expect(formatNhsDate('2026-03-29T00:30:00Z')).toBe('Sunday 29 March 2026');
    expect(formatNhsDate('2026-10-24T23:30:00Z')).toBe('Sunday 25 October 2026');
    expect(formatNhsDate(new Date('2026-12-03T10:00:00Z'), { weekday: false })).toBe('3 December 2026');
    expect(formatNhsDateTime('2026-12-03T17:30:00Z')).toBe('Thursday 3 December 2026 at 5:30pm');
  });

  it('writes a slot from its start and length', () => {
    expect(formatNhsTimeRange('2026-12-03T17:30:00Z', 30)).toBe('5:30pm to 6pm');
    expect(formatNhsTimeRange('2026-12-03T11:30:00Z', 30)).toBe('11:30am to midday');
    // an hour's slot across each clock change: the clocks go forward at 1am and back at 2am
    expect(formatNhsTimeRange('2026-03-29T00:30:00Z', 60)).toBe('12:30am to 2:30am');
    expect(formatNhsTimeRange('2026-10-25T00:30:00Z', 60)).toBe('1:30am to 1:30am');
    expect(formatNhsTimeRange(new Date('2026-07-01T22:45:00Z'), 30)).toBe('11:45pm to 12:15am');
  });

  it('refuses what is not a time', () => {
    expect(() => formatNhsTime('yesterday')).toThrow(RangeError);
  });
});
