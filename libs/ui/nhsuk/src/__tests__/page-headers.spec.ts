import { nhsukPageHeaders } from '../page-headers';

const imgSrc = (headers: Record<string, string>) => headers['content-security-policy'].split('; ').find((d) => d.startsWith('img-src'));

describe('a page’s images in its CSP', () => {
  it('come from this origin only, unless the page names an https origin (a trust’s logo in a preview)', () => {
    expect(imgSrc(nhsukPageHeaders({ nonce: 'n' }))).toBe("img-src 'self'");
    expect(imgSrc(nhsukPageHeaders({ nonce: 'n', imageOrigins: ['https://www.kgh.nhs.uk'] }))).toBe("img-src 'self' https://www.kgh.nhs.uk");
  });

  it('never take a plain-http origin, a path or anything that would add another directive', () => {
    const headers = nhsukPageHeaders({ nonce: 'n', imageOrigins: ['http://example.org', 'https://example.org/logo.png', "https://x.org; script-src 'unsafe-inline'", '*'] });
    expect(imgSrc(headers)).toBe("img-src 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
  });
});
