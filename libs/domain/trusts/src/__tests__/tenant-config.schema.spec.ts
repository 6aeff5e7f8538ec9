import { parseTenantConfig, TenantConfigInvalidError } from '../tenant-config/tenant-config.schema';
import { expandVisitingHours } from '../visiting-hours';
import { readTenantDocument } from '../tenant-config/tenant-document.reader';

const valid = {
  odsCode: 'RNQ',
  name: 'Kettering General Hospital NHS Foundation Trust',
  retentionDays: 90,
  branding: { displayName: 'Kettering General Hospital', contactPhone: '01536 492000' },
  identity: { acceptedTenantIds: ['37c354b2-85b0-47f5-b222-07b48d774ee3'], inviteEmailDomains: ['nhs.net'] },
  messaging: { notifyApiKeyEnv: 'RNQ_NOTIFY_API_KEY', callbackTokenEnv: 'RNQ_NOTIFY_CALLBACK_TOKEN' },
  video: { provider: 'jitsi', baseUrl: 'https://meet.kgh.nhs.uk', secretEnv: 'RNQ_JITSI_APP_SECRET' },
  hospitals: [{ siteCode: 'RNQ01', name: 'Kettering General Hospital', wards: [{ code: 'ED', name: 'Emergency Department', visitingHours: { everyDay: ['00:00-24:00'] }, defaultVisitMinutes: 20, maxConcurrentVisits: 4 }] }],
};

function problemsOf(document: unknown) {
  try {
    parseTenantConfig(document, 'tenants/RNQ/trust.yaml');
    return [];
  } catch (error) {
    if (!(error instanceof TenantConfigInvalidError)) throw error;
    return error.problems.map((p) => `${p.field}: ${p.message}`);
  }
}

describe('the tenant document schema', () => {
  it('accepts a complete document and fills defaults', () => {
    const config = parseTenantConfig(valid, 'tenants/RNQ/trust.yaml');
    expect(config).toMatchObject({ status: 'active', timeZone: 'Europe/London', branding: { primaryColour: '#005EB8' }, featureFlags: {} });
  });

  it('lists every problem with its field path', () => {
    const broken = {
      ...valid,
      retentionDays: 0,
      messaging: { notifyApiKeyEnv: 'abc-123-real-key', callbackTokenEnv: 'RNQ_NOTIFY_CALLBACK_TOKEN' },
      hospitals: [{ ...valid.hospitals[0], wards: [{ ...valid.hospitals[0].wards[0], visitingHours: { monday: ['20:00-10:00'] } }, { ...valid.hospitals[0].wards[0] }] }],
      extra: true,
    };
    expect(problemsOf(broken)).toEqual(
      expect.arrayContaining([
        'retentionDays: must be 1 to 3650 days',
        expect.stringMatching(/^messaging.notifyApiKeyEnv: must be the NAME of an environment variable/),
        'hospitals.0.wards.0.visitingHours.monday.0: must be a range like 14:00-20:00 that ends after it starts',
        'hospitals.0.wards.1.code: ward code ED appears twice in RNQ01',
        '(document): has a field it does not take: extra',
      ]),
    );
  });

  it("words the schema's own problems as the product does, never quoting a value", () => {
    // an empty document (YAML of nothing is null), a field left out, one of the wrong kind, a value not in the list
    expect(problemsOf(null)).toEqual(['(document): must be a set of fields (such as name: …), not empty']);
    const { name: _left, ...nameless } = valid;
    expect(problemsOf(nameless)).toEqual(['name: is required']);
    expect(problemsOf({ ...valid, hospitals: 'Kettering' })).toEqual(['hospitals: must be a list']);
    expect(problemsOf({ ...valid, video: { ...valid.video, provider: 'Zoom Meetings' } })).toEqual([expect.stringMatching(/^video(\.provider)?: must be one of|^video(\.provider)?: is not one of the forms/)]);
    expect(problemsOf({ ...valid, hospitals: 'Kettering' }).join()).not.toContain('Kettering');
    expect(problemsOf({ ...valid, video: { ...valid.video, provider: 'Zoom Meetings' } }).join()).not.toContain('Zoom');
  });

  it('requires a server address for self-hosted Jitsi and refuses times past 24:00', () => {
    expect(problemsOf({ ...valid, video: { provider: 'jitsi', secretEnv: 'RNQ_JITSI_APP_SECRET' } })).toEqual(['video.baseUrl: must be the https address of the Jitsi Meet server, with no path, query or credentials']);
    const late = { ...valid, hospitals: [{ ...valid.hospitals[0], wards: [{ ...valid.hospitals[0].wards[0], visitingHours: { everyDay: ['10:00-24:30'] } }] }] };
    expect(problemsOf(late)).toEqual(['hospitals.0.wards.0.visitingHours.everyDay.0: must be a range like 14:00-20:00 that ends after it starts']);
  });

  it("refuses a day's ranges that overlap or repeat, as the API does", () => {
    const hours = (visitingHours: object) => ({ ...valid, hospitals: [{ ...valid.hospitals[0], wards: [{ ...valid.hospitals[0].wards[0], visitingHours }] }] });
    expect(problemsOf(hours({ monday: ['09:00-12:00', '11:00-13:00'], everyDay: ['14:00-16:00', '14:00-16:00'] }))).toEqual([
      'hospitals.0.wards.0.visitingHours.everyDay.1: overlaps another range on the same day',
      'hospitals.0.wards.0.visitingHours.monday.1: overlaps another range on the same day',
    ]);
    expect(problemsOf(hours({ monday: ['09:00-12:00', '12:00-13:00'] }))).toEqual([]);
  });

  it("takes the trust's accessibility statement and privacy notice on https only", () => {
    const branding = (links: Record<string, string>) => ({ ...valid, branding: { ...(valid as { branding: object }).branding, ...links } });
    expect(parseTenantConfig(branding({ accessibilityStatementUrl: 'https://www.kgh.nhs.uk/a11y', privacyNoticeUrl: 'https://www.kgh.nhs.uk/privacy' }), 'tenants/RNQ/trust.yaml').branding).toMatchObject({
      accessibilityStatementUrl: 'https://www.kgh.nhs.uk/a11y',
      privacyNoticeUrl: 'https://www.kgh.nhs.uk/privacy',
    });
    expect(problemsOf(branding({ accessibilityStatementUrl: 'http://www.kgh.nhs.uk/a11y', privacyNoticeUrl: 'privacy' }))).toEqual([
      'branding.accessibilityStatementUrl: must be an https URL',
      'branding.privacyNoticeUrl: must be an https URL',
    ]);
  });

  it('refuses flags that are planned but do nothing yet, and unknown ones, naming each', () => {
    const ward = { ...valid.hospitals[0].wards[0], featureFlags: { interpreterRequests: true } };
    const document = { ...valid, featureFlags: { rebook: false, visitorFeedback: true, teleport: true }, hospitals: [{ ...valid.hospitals[0], wards: [ward] }] };
    expect(problemsOf(document)).toEqual([
      'featureFlags.visitorFeedback: visitorFeedback is not available yet: it would change nothing',
      expect.stringMatching(/^featureFlags.teleport: must be one of rebook, /),
      'hospitals.0.wards.0.featureFlags.interpreterRequests: interpreterRequests is not available yet: it would change nothing',
    ]);
    expect(parseTenantConfig({ ...valid, featureFlags: { rebook: false } }, 'tenants/RNQ/trust.yaml').featureFlags).toEqual({ rebook: false });
  });

  it('insists the ODS code matches its folder', () => {
    expect(() => parseTenantConfig({ ...valid, odsCode: 'RNS' }, 'tenants/RNQ/trust.yaml')).toThrow(/odsCode: must match the folder name/);
  });

  it('never quotes a value in its messages', () => {
    const problems = problemsOf({ ...valid, messaging: { ...valid.messaging, notifyApiKeyEnv: 'live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0' } });
    expect(problems.join()).not.toContain('26785a09');
  });
});

describe('expandVisitingHours', () => {
  it('gives every weekday its hours, a named day overriding everyDay', () => {
    const hours = expandVisitingHours({ everyDay: ['14:00-20:00'], sunday: ['10:00-12:00'] });
    expect(hours.monday).toEqual(['14:00-20:00']);
    expect(hours.sunday).toEqual(['10:00-12:00']);
  });
});

describe('readTenantDocument', () => {
  const problemsIn = (text: string) => {
    try {
      readTenantDocument(text, 'tenants/RNQ/trust.yaml');
      return [];
    } catch (error) {
      if (!(error instanceof TenantConfigInvalidError)) throw error;
      return error.problems.map((p) => `${p.field}: ${p.message}`);
    }
  };

  it('refuses a key given twice in one mapping, saying on which line, in YAML and in JSON', () => {
    expect(problemsIn('odsCode: RNQ\nname: A\nodsCode: RNS\n')).toEqual(['line 3: is not valid YAML or JSON (DUPLICATE_KEY)']);
    expect(problemsIn('{"odsCode": "RNQ",\n "odsCode": "RNS"}')).toEqual(['line 2: is not valid YAML or JSON (DUPLICATE_KEY)']);
  });

  it('takes the same key in different mappings, and a mapping of thousands of keys', () => {
    expect(readTenantDocument('a:\n  x: 1\nb:\n  x: 2\n', 'tenants/RNQ/trust.yaml')).toEqual({ a: { x: 1 }, b: { x: 2 } });
    const many = Array.from({ length: 2000 }, (_, i) => `k${i}: ${i}`).join('\n');
    expect(Object.keys(readTenantDocument(many, 'tenants/RNQ/trust.yaml') as object)).toHaveLength(2000);
  });
});
