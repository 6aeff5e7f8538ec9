import { normaliseEmail, normaliseUkMobile } from '../contact-address';

describe('UK mobile numbers', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['(07700) 900-123', '+447700900123'],
    ['447700900123', '+447700900123'],
  ])('normalises %s to E.164', (input, expected) => {
    expect(normaliseUkMobile(input)).toBe(expected);
  });

  it.each(['01536 492000', '020 7946 0000', '0770090012', '+33 6 12 34 56 78', 'call me'])('refuses %s', (input) => {
    expect(normaliseUkMobile(input)).toBeNull();
  });

  it('accepts email addresses and lower-cases them', () => {
    expect(normaliseEmail(' David.Jones@Example.org ')).toBe('david.jones@example.org');
    expect(normaliseEmail('david@')).toBeNull();
    expect(normaliseEmail('a b@example.org')).toBeNull();
  });
});
