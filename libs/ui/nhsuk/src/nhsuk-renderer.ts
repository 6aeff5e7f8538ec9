import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { nhsukAssetUrls } from './nhsuk-assets';
import { formatNhsDate, formatNhsDateTime, formatNhsTime, formatNhsTimeRange } from './nhs-time';

/** This library's own templates: `nhsuk-layout.njk`, the base of every page. */
export const NHSUK_LAYOUT_TEMPLATES = fileURLToPath(new URL('./templates', import.meta.url));
/** nhsuk-frontend's `dist`, so `{% from "nhsuk/components/button/macro.njk" import button %}` works. */
const NHSUK_FRONTEND_TEMPLATES = join(dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')), 'dist');

export interface NhsukRendererOptions {
  /** The app's own template folders, searched first. */
  templateDirs: readonly string[];
  /** Re-read templates on every render (development); default false. */
  watch?: boolean;
}

export interface NhsukRenderer {
  /** Renders a template by name with the given context; output is HTML-escaped unless marked safe. */
  render(template: string, context?: object): string;
}

/**
 * A Nunjucks environment configured for NHS.UK pages: the app's templates, then this
 * library's layout, then the nhsuk-frontend package's own macros. Autoescaping is on.
 * Filters: `nhsTime` ("5:30pm"), `nhsDate` ("Thursday 3 December 2026"), `nhsDateTime`,
 * `nhsTimeRange(lengthMinutes)`. Global `nhsukAssets`: the stylesheet and script addresses.
 */
export function createNhsukRenderer(options: NhsukRendererOptions): NhsukRenderer {
  const loader = new nunjucks.FileSystemLoader([...options.templateDirs, NHSUK_LAYOUT_TEMPLATES, NHSUK_FRONTEND_TEMPLATES], {
    noCache: options.watch ?? false,
  });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  env.addFilter('nhsTime', (value: Date | string) => formatNhsTime(value));
  env.addFilter('nhsDate', (value: Date | string, weekday?: boolean) => formatNhsDate(value, { weekday }));
  env.addFilter('nhsDateTime', (value: Date | string) => formatNhsDateTime(value));
  env.addFilter('nhsTimeRange', (value: Date | string, lengthMinutes: number) => formatNhsTimeRange(value, lengthMinutes));
  env.addGlobal('nhsukAssets', nhsukAssetUrls);
  return { render: (template, context = {}) => env.render(template, context) };
}
