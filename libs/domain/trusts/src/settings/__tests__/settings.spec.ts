import { BadUserInputError, type FieldProblem } from '@vv/contracts';
import { applySettingUpdate, brandingSetting, brandingUpdate, MAX_TEMPLATE_ENTRIES, parseSetting, templatesUpdate, videoUpdate, visitingHoursFromDays, wardUpdate, withTemplates, type TrustBranding } from '..';

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

describe('settings as strict as the services that use them', () => {
  const SMS = '7b4a6d3c-2f7e-4a5e-9b1f-0c8d1e2f3a4b';
  const EMAIL = '8b4a6d3c-2f7e-4a5e-9b1f-0c8d1e2f3a4b';

  it('refuses an empty, blank or null template id naming the field, and never reads it as "remove"', () => {
    const update = [{ kind: 'bookingConfirmation', sms: '', email: '   ' }, { kind: 'reminder', sms: null }, { kind: 'cancelled', email: 'not-an-id' }];
    const problems = problemsOf(() => parseSetting(templatesUpdate, update, 'templates'));
    expect(problems.map((p) => p.field)).toEqual(['templates.0.sms', 'templates.0.email', 'templates.1.sms', 'templates.2.email']);
    expect(problems[0].message).toBe('cannot be empty: give the Notify template id (a template can be replaced, not removed)');
    expect(problems[3].message).toBe('must be a Notify template id');
    expect(JSON.stringify(problems)).not.toContain('not-an-id');
  });

  it('replaces the channels given and keeps the others', () => {
    const current = { bookingConfirmation: { sms: SMS, email: EMAIL } };
    expect(withTemplates(current, parseSetting(templatesUpdate, [{ kind: 'bookingConfirmation', sms: EMAIL }]))).toEqual({ bookingConfirmation: { sms: EMAIL, email: EMAIL } });
  });

  it('refuses a message listed twice, and a list longer than there are messages with one problem', () => {
    expect(problemsOf(() => parseSetting(templatesUpdate, [{ kind: 'reminder', sms: SMS }, { kind: 'reminder', sms: EMAIL }], 'templates'))).toEqual([
      { field: 'templates.1.kind', message: 'is given twice: give each message once' },
    ]);
    const many = Array.from({ length: 3000 }, () => ({ kind: 'reminder', sms: '' }));
    expect(problemsOf(() => parseSetting(templatesUpdate, many, 'templates'))).toEqual([{ field: 'templates', message: `must list at most ${MAX_TEMPLATE_ENTRIES} messages, each once` }]);
  });

  it('refuses more days than a week has with one problem', () => {
    const problems: FieldProblem[] = [];
    visitingHoursFromDays(Array.from({ length: 4000 }, () => ({ day: 'monday' as const, ranges: ['14:00-20:00'] })), problems);
    expect(problems).toEqual([{ field: 'visitingHours', message: 'must list at most 7 days, each once' }]);
  });

  it('takes only a well-formed https address: nothing URL parsing would have to escape', () => {
    for (const url of ['https://example.com/a"onmouseover="alert(1)"<b>x</b>', 'https://example.com/a b', "https://example.com/it's", 'https://example.com/a\\b', 'https://example.com/\t', 'https://example.com/é', 'https://example.com/{x}']) {
      expect(problemsOf(() => parseSetting(brandingUpdate, { privacyNoticeUrl: url }))).toEqual([
        { field: 'privacyNoticeUrl', message: 'must be a well-formed https URL: no spaces, quotes, angle brackets, backslashes or control characters' },
      ]);
    }
    expect(parseSetting(brandingUpdate, { privacyNoticeUrl: 'https://www.example.nhs.uk/privacy-notice?v=2#families' }).privacyNoticeUrl).toBe('https://www.example.nhs.uk/privacy-notice?v=2#families');
  });
});
