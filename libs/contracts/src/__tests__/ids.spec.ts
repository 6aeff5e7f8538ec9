import { isUuid } from '../ids';

describe('isUuid', () => {
  it('takes an id as the API gives it out', () => {
    expect(isUuid('0b1f3c2e-7a4d-4e8f-9c1b-2d3e4f5a6b7c')).toBe(true);
  });

  it('refuses other spellings, so a lookup can never half-match', () => {
    for (const value of ['0B1F3C2E-7A4D-4E8F-9C1B-2D3E4F5A6B7C', '0b1f3c2e7a4d4e8f9c1b2d3e4f5a6b7c', ' 0b1f3c2e-7a4d-4e8f-9c1b-2d3e4f5a6b7c', '0b1f3c2e-7a4d-4e8f-9c1b-2d3e4f5a6b7c\n', '', 'ward-1']) {
      expect(isUuid(value)).toBe(false);
    }
  });

  it('refuses what is not text', () => {
    for (const value of [undefined, null, 42, {}, ['0b1f3c2e-7a4d-4e8f-9c1b-2d3e4f5a6b7c']]) expect(isUuid(value)).toBe(false);
  });
});
