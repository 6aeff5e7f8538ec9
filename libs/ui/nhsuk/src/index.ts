/**
 * The NHS.UK look, shared by the staff console and the family's visitor page.
 *
 *   const renderer = createNhsukRenderer({ templateDirs: [myTemplates] });
 *   app.use(nhsukAssets());                       // GET /assets/... from the nhsuk-frontend package
 *   const nonce = createCspNonce();
 *   res.set(nhsukPageHeaders({ nonce }));         // strict CSP, no-store, no referrer
 *   res.send(renderer.render('my-page.njk', { pageTitle: 'The ward’s day', cspNonce: nonce, service }));
 *
 * A page template does `{% extends "nhsuk-layout.njk" %}` and fills `{% block content %}`;
 * it imports NHS.UK components from the package itself, e.g.
 * `{% from "nhsuk/components/button/macro.njk" import button %}`. Times are written the
 * NHS way with the `nhsTime`, `nhsDate`, `nhsDateTime` and `nhsTimeRange` filters (or the
 * functions below), always in Europe/London.
 */
export { createNhsukRenderer, NHSUK_LAYOUT_TEMPLATES } from './nhsuk-renderer';
export type { NhsukRenderer, NhsukRendererOptions } from './nhsuk-renderer';
export { nhsukAssets, nhsukAssetUrls, NHSUK_ASSET_PATH } from './nhsuk-assets';
export { createCspNonce, nhsukPageHeaders } from './page-headers';
export type { PageHeaderOptions } from './page-headers';
export { formatNhsDate, formatNhsDateTime, formatNhsTime, formatNhsTimeRange, NHS_TIME_ZONE } from './nhs-time';
