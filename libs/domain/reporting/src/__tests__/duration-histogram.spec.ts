import { durationNumbers, parseIntArray, roundedAsNumeric } from '../duration-histogram';

describe("a report row's durations from its histogram of whole minutes", () => {
  it('has no numbers when no visit has a duration', () => {
    expect(durationNumbers('0', [], [])).toEqual({ averageDurationSeconds: null, medianDurationSeconds: null, p90DurationSeconds: null });
  });

  it('gives one visit its own minute, and its exact seconds as the average', () => {
    // 14 minutes 30 seconds: the percentiles count it as 14 minutes
    expect(durationNumbers('870', [14], [1])).toEqual({ averageDurationSeconds: 870, medianDurationSeconds: 840, p90DurationSeconds: 840 });
  });

  it('interpolates between the minutes either side, whatever order the histogram keeps them in', () => {
    // minutes 10, 10, 30, 45 (four visits): median halfway between 10 and 30; p90 at position 2.7, 40.5 minutes
    const numbers = durationNumbers(600 + 659 + 1801 + 2700, [30, 10, 45], [1, 2, 1]);
    expect(numbers).toEqual({ averageDurationSeconds: 1440, medianDurationSeconds: 1200, p90DurationSeconds: 2430 });
  });

  it('rounds the average half away from zero in exact arithmetic', () => {
    expect(durationNumbers('1', [0], [2]).averageDurationSeconds).toBe(0.5); // 1 / 2
    expect(durationNumbers('1', [0], [4]).averageDurationSeconds).toBe(0.3); // 0.25
    expect(durationNumbers('2', [0], [3]).averageDurationSeconds).toBe(0.7); // 0.666...
    expect(durationNumbers('9007199254740993', [150000], [3]).averageDurationSeconds).toBe(3002399751580331);
  });

  it('refuses a histogram whose arrays do not pair up', () => {
    expect(() => durationNumbers('600', [10, 11], [1])).toThrow();
  });
});

describe('rounding a float8 as numeric does', () => {
  it('rounds the 15 significant digits PostgreSQL gives a float8, half away from zero', () => {
    expect(roundedAsNumeric(0.25, 1)).toBe(0.3);
    expect(roundedAsNumeric(0.35, 1)).toBe(0.4); // 0.34999999999999997779... as a float8, 0.350000000000000 to 15 digits
    expect(roundedAsNumeric(-0.25, 1)).toBe(-0.3);
    expect(roundedAsNumeric(1112512380.0499964, 1)).toBe(1112512380.1); // 1112512380.05000 to 15 digits
    expect(roundedAsNumeric(1.0499999999999, 1)).toBe(1);
    expect(roundedAsNumeric(0.04, 1)).toBe(0);
    expect(roundedAsNumeric(0.05, 1)).toBe(0.1);
    expect(roundedAsNumeric(1e-13, 1)).toBe(0);
    expect(roundedAsNumeric(0, 1)).toBe(0);
    expect(roundedAsNumeric(123456789012345.6, 1)).toBe(123456789012346);
    expect(roundedAsNumeric(2430.0000000000005, 1)).toBe(2430);
  });
});

describe("PostgreSQL's text for an int[]", () => {
  it('reads as its numbers', () => {
    expect(parseIntArray('{}')).toEqual([]);
    expect(parseIntArray(null)).toEqual([]);
    expect(parseIntArray('{3,41,7}')).toEqual([3, 41, 7]);
  });
});
