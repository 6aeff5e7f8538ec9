import { dayRangesProblems, MAX_RANGES_PER_DAY } from '../trust';
import { isWorkEmail, textProblem } from '../text';

describe('textProblem', () => {
  it('refuses the direction controls that make text read as something else', () => {
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(textProblem(`Jane${control}Doe`)).toBe('holds control characters or broken Unicode');
    }
  });

  it('takes right-to-left names and the joiners some scripts need', () => {
    for (const name of ['مريم أحمد', 'שרה כהן', 'क्षत्रिय', '👩‍⚕️ Ward 3', 'Zoë\u200FSmith']) expect(textProblem(name)).toBeNull();
  });
});

describe('isWorkEmail', () => {
  it('takes an address as it is kept', () => {
    expect(isWorkEmail('jane.doe@nhs.net')).toBe(true);
    expect(isWorkEmail("o'neil+ward3@kgh.nhs.uk")).toBe(true);
  });

  it('refuses what cannot be signed in with or reads as something else', () => {
    for (const email of ['jane\u202E@nhs.net', 'jané@nhs.net', 'a@b@nhs.net', 'jane doe@nhs.net', 'jane@nhs', `${'j'.repeat(65)}@nhs.net`, `j@${'a'.repeat(250)}.net`, 'JANE@NHS.NET']) {
      expect([email, isWorkEmail(email)]).toEqual([email, false]);
    }
  });
});

describe('dayRangesProblems', () => {
  it('takes separate ranges in any order, touching ones included', () => {
    expect(dayRangesProblems(['14:00-16:00', '09:00-12:00', '12:00-13:00'])).toEqual([]);
  });

  it('names a range that repeats or overlaps an earlier one', () => {
    expect(dayRangesProblems(['09:00-12:00', '11:59-13:00', '09:00-12:00', '13:00-24:00'])).toEqual([
      { index: 1, message: 'overlaps another range on the same day' },
      { index: 2, message: 'overlaps another range on the same day' },
    ]);
  });

  it('bounds how many ranges a day has', () => {
    const ranges = Array.from({ length: MAX_RANGES_PER_DAY + 1 }, (_, i) => `${String(i + 10).padStart(2, '0')}:00-${String(i + 10).padStart(2, '0')}:30`);
    expect(dayRangesProblems(ranges.slice(0, MAX_RANGES_PER_DAY))).toEqual([]);
    expect(dayRangesProblems(ranges)).toEqual([{ index: MAX_RANGES_PER_DAY, message: `a day has at most ${MAX_RANGES_PER_DAY} ranges` }]);
  });
});
