import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createCspNonce, createNhsukRenderer, nhsukAssets, nhsukAssetUrls, nhsukPageHeaders } from '../index';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

describe('the NHS.UK renderer', () => {
  const renderer = createNhsukRenderer({ templateDirs: [fixtures] });
  const page = renderer.render('example-page.njk', {
    pageTitle: 'The ward’s day',
    service: { text: 'Virtual Visits', href: '/' },
    organisation: { name: 'Kettering General Hospital', descriptor: 'NHS Foundation Trust' },
    footerLinks: [{ text: 'Accessibility statement', href: '/accessibility' }],
    cspNonce: 'abc123',
    startAt: '2026-07-01T16:30:00Z',
    note: '<script>alert(1)</script>',
  });

  it('renders the package’s own header with the NHS logo, a skip link and the footer', () => {
    expect(page).toContain('<title>The ward’s day – Virtual Visits – NHS</title>');
    expect(page).toMatch(/<a class="nhsuk-skip-link" [^>]*href="#maincontent"/);
    expect(page).toMatch(/<header class="nhsuk-header[^"]*"/);
    expect(page).toContain('<title>NHS</title>'); // the logo's SVG title
    expect(page).toContain('Kettering General Hospital');
    expect(page).toMatch(/<footer class="nhsuk-footer/);
    expect(page).toContain('href="/accessibility"');
    expect(page).toContain('<main class="nhsuk-main-wrapper" id="maincontent"');
  });

  it('uses the package’s components and escapes what it is given', () => {
    expect(page).toMatch(/<button [^>]*class="nhsuk-button"/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)</script>');
  });

  it('writes times the NHS way, in Europe/London', () => {
    expect(page).toContain('Visit at 5:30pm on Wednesday 1 July 2026');
  });

  it('links the local stylesheet and script and gives the inline script the nonce', () => {
    expect(page).toContain(`<link rel="stylesheet" href="${nhsukAssetUrls.stylesheet}">`);
    expect(page).toContain(`<script type="module" src="${nhsukAssetUrls.script}"></script>`);
    expect(page).toContain('<script nonce="abc123">');
  });

  it('prefixes the title with "Error:" when the page shows errors', () => {
    const withErrors = renderer.render('example-page.njk', { pageTitle: 'Book a visit', hasErrors: true, startAt: '2026-07-01T16:30:00Z' });
    expect(withErrors).toContain('<title>Error: Book a visit – NHS</title>');
  });
});

describe('NHS.UK assets', () => {
  let base: string;
  const server = createServer((req, res) => nhsukAssets()(req, res, () => res.writeHead(404).end()));
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('serves the stylesheet without fonts from another host, cacheable for a year', async () => {
    const response = await fetch(`${base}${nhsukAssetUrls.stylesheet}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('immutable');
    const css = await response.text();
    expect(css).toContain('.nhsuk-header');
    expect(css).not.toMatch(/https?:\/\//);
  });

  it('serves the script that starts the components, and the icons the stylesheet names', async () => {
    const script = await fetch(`${base}${nhsukAssetUrls.script}`);
    expect(await script.text()).toContain('initAll()');
    const css = await (await fetch(`${base}${nhsukAssetUrls.stylesheet}`)).text();
    for (const [, url] of css.matchAll(/url\(([^)]+)\)/g)) {
      expect((await fetch(`${base}${url}`)).status).toBe(200);
    }
  });

  it('passes on anything else', async () => {
    expect((await fetch(`${base}/assets/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/ward`)).status).toBe(404);
    expect((await fetch(`${base}${nhsukAssetUrls.stylesheet}`, { method: 'POST' })).status).toBe(404);
  });
});

describe('page headers', () => {
  it('allow only this origin and the page’s nonce, and are never cached', () => {
    const nonce = createCspNonce();
    const headers = nhsukPageHeaders({ nonce });
    expect(headers['content-security-policy']).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['content-security-policy']).toContain("form-action 'self'");
    expect(headers['cache-control']).toBe('no-store');
    expect(createCspNonce()).not.toBe(nonce);
  });
});
