import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';

/** Where the NHS.UK frontend's stylesheet, script and images are served. */
export const NHSUK_ASSET_PATH = '/assets';

const packageJson = createRequire(import.meta.url).resolve('nhsuk-frontend/package.json');
const dist = join(dirname(packageJson), 'dist', 'nhsuk');
const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;

/** The addresses a page links to; versioned, so they can be cached for a year. */
export const nhsukAssetUrls = {
  stylesheet: `${NHSUK_ASSET_PATH}/nhsuk-frontend-${version}.min.css`,
  script: `${NHSUK_ASSET_PATH}/nhsuk-frontend-init-${version}.js`,
  images: `${NHSUK_ASSET_PATH}/images`,
} as const;

interface Asset {
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The stylesheet asks for the Frutiger web font from assets.nhs.uk, a licensed font the
 * package does not ship. Its @font-face rules are dropped so a page's CSP can stay
 * `font-src 'self'` with nothing blocked: text falls back to Arial, the fallback the
 * NHS.UK stylesheet itself names.
 */
function stylesheet(): Buffer {
  const css = readFileSync(join(dist, `nhsuk-frontend-${version}.min.css`), 'utf8');
  return Buffer.from(css.replace(/@font-face\{[^}]*\}/g, '').replace(/\n?\/\*# sourceMappingURL=[^*]*\*\/\s*$/, ''));
}

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const add = (url: string, body: Buffer) => assets.set(url, { contentType: CONTENT_TYPES[extname(url)], body });
  add(nhsukAssetUrls.stylesheet, stylesheet());
  const script = readFileSync(join(dist, `nhsuk-frontend-${version}.min.js`), 'utf8').replace(/\n?\/\/# sourceMappingURL=.*$/, '');
  add(`${NHSUK_ASSET_PATH}/nhsuk-frontend-${version}.min.js`, Buffer.from(script));
  // The package's script is an ES module: this one starts its components (a module script, so CSP 'self' allows it).
  add(nhsukAssetUrls.script, Buffer.from(`import { initAll } from './nhsuk-frontend-${version}.min.js';\ninitAll();\n`));
  add(`${NHSUK_ASSET_PATH}/manifest.json`, readFileSync(join(dist, 'assets', 'manifest.json')));
  for (const file of readdirSync(join(dist, 'assets', 'images'))) {
    if (CONTENT_TYPES[extname(file)]) add(`${nhsukAssetUrls.images}/${file}`, readFileSync(join(dist, 'assets', 'images', file)));
  }
  return assets;
}

/**
 * A request handler (Node, Express or NestJS `app.use`) that serves the NHS.UK frontend's
 * stylesheet, script, icons and manifest from the installed package under /assets, from
 * memory. Anything else is passed to `next`, so it can sit in front of the app's routes.
 */
export function nhsukAssets(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const assets = loadAssets();
  return (req, res, next) => {
    const path = (req.url ?? '').split('?')[0];
    const asset = (req.method === 'GET' || req.method === 'HEAD') && assets.get(path);
    if (!asset) return next();
    res.writeHead(200, {
      'content-type': asset.contentType,
      'content-length': asset.body.length,
      // versioned names change with the package; the manifest and icons are small and stable
      'cache-control': path.includes(version) ? 'public, max-age=31536000, immutable' : 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  };
}
