import { BadUserInputError, type FieldProblem } from '@vv/contracts';
import { applySettingUpdate, brandingSetting, brandingUpdate, parseSetting, videoUpdate, visitingHoursFromDays, wardUpdate, type TrustBranding } from '..';

const branding: TrustBranding = { displayName: 'Test Hospitals', primaryColour: '#005EB8', contactPhone: '01632 960000', logoUrl: 'https://example.nhs.uk/logo.png' };

function problemsOf(run: () => unknown): FieldProblem[] {
  try {
    run();
  } catch (error) {
    if (error instanceof BadUserInputError) return [...(error.fields ?? [])];
    throw error;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('a setting read whole and as a partial update', () => {
  it('keeps a colour in capitals however it is written, in a document as through the API', () => {
    expect(brandingSetting.parse({ ...branding, primaryColour: '#003087'.replace('D', 'd') }).primaryColour).toBe('#003087');
    expect(parseSetting(brandingUpdate, { primaryColour: '#00308a' }).primaryColour).toBe('#00308A');
  });

  it('takes any field left out without applying defaults, and clears an optional one with null or an empty string', () => {
    expect(parseSetting(brandingUpdate, {})).toEqual({});
    expect(parseSetting(brandingUpdate, { logoUrl: null })).toEqual({ logoUrl: null });
    expect(parseSetting(brandingUpdate, { logoUrl: '' })).toEqual({ logoUrl: null });
    expect(parseSetting(videoUpdate, { provider: 'whereby' })).toEqual({ provider: 'whereby' });
  });

  it('refuses null for a setting that must have a value, and names each field with the rules of the document', () => {
    expect(problemsOf(() => parseSetting(brandingUpdate, { contactPhone: null, logoUrl: 'http://example.nhs.uk/a.png' }))).toEqual([
      { field: 'logoUrl', message: 'must be an https URL' },
      { field: 'contactPhone', message: expect.any(String) },
    ]);
    expect(problemsOf(() => parseSetting(wardUpdate, { defaultVisitMinutes: 241, maxConcurrentVisits: 0 }))).toEqual([
      { field: 'defaultVisitMinutes', message: 'must be 5 to 240 minutes' },
      { field: 'maxConcurrentVisits', message: 'must be 1 to 50' },
    ]);
  });

  it('says which fields an update changed: the same value again is no change, null removes', () => {
    expect(applySettingUpdate(branding, { primaryColour: '#005EB8', displayName: 'Test Hospitals' })).toEqual({ next: branding, changed: [] });
    const { next, changed } = applySettingUpdate(branding, { logoUrl: null, contactPhone: '01632 960001' });
    expect(changed).toEqual(['logoUrl', 'contactPhone']);
    expect(next).not.toHaveProperty('logoUrl');
  });

  it("checks the API's list of days with the document's rules, naming each by its place in the list", () => {
    const problems: FieldProblem[] = [];
    const hours = visitingHoursFromDays(
      [
        { day: 'monday', ranges: ['14:00-20:00', '15:00-16:00'] },
        { day: 'tuesday', ranges: ['10:00-24:30'] },
        { day: 'monday', ranges: [] },
      ],
      problems,
    );
    expect(hours).toEqual({ monday: ['14:00-20:00', '15:00-16:00'], tuesday: ['10:00-24:30'] });
    expect(problems).toEqual([
      { field: 'visitingHours.0.ranges.1', message: expect.stringMatching(/overlap/) },
      { field: 'visitingHours.1.ranges.0', message: 'must be a range like 14:00-20:00 that ends after it starts' },
      { field: 'visitingHours.2.day', message: 'is given twice: give each day once, with all its ranges' },
    ]);
  });
});
