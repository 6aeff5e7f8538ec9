import type { VisitorLinkView } from './visitor-link.service';

/**
 * The visitor's page: server-rendered, mobile first, NHS.UK frontend styles served by the
 * platform, no scripts at all. Everything shown is escaped. It names the trust, the ward
 * and the time, never the patient.
 */
export function renderVisitorPage(view: VisitorLinkView, options: { joinAction: string; nonce: string; tooManyAttempts?: boolean }): string {
  const brand = view.branding;
  const title = brand?.displayName ?? 'NHS virtual visit';
  const phone = brand?.contactPhone;
  const callUs = phone
    ? `<p>If you need help, call ${escape(view.trustName ?? title)} on <a href="tel:${escape(phone.replace(/\s/g, ''))}">${escape(phone)}</a> and ask for the ward.</p>`
    : '<p>If you need help, call the hospital and ask for the ward.</p>';
  let body: string;
  if (options.tooManyAttempts) {
    body = `<h1>Please wait a few minutes</h1><p>Too many visit links were tried from this device. Wait a few minutes, then open the link from your message again.</p>${callUs}`;
  } else if (view.state === 'open') {
    body = `<h1>Your video visit is ready</h1>
      <div class="nhsuk-card"><div class="nhsuk-card__content">
        <dl class="nhsuk-summary-list">
          <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Ward</dt><dd class="nhsuk-summary-list__value">${escape(view.wardName)}</dd></div>
          <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Hospital</dt><dd class="nhsuk-summary-list__value">${escape(view.hospitalName)}</dd></div>
          <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Time</dt><dd class="nhsuk-summary-list__value">${escape(view.when)}</dd></div>
        </dl>
      </div></div>
      <p>When you press Join, your phone may ask to use its camera and microphone. Please allow it.</p>
      <form method="post" action="${escape(options.joinAction)}"><button class="nhsuk-button" type="submit">Join the video visit</button></form>
      ${callUs}`;
  } else if (view.state === 'not_yet') {
    body = `<h1>Your video visit has not started yet</h1><p>The ward will send you a message when it is ready. You can open this link again then.</p>${callUs}`;
  } else if (view.state === 'ended') {
    body = `<h1>This video visit has ended</h1><p>The link from your message no longer works${view.wardName ? ` for the visit on ${escape(view.wardName)}` : ''}. If you were expecting a visit, the ward can book another one for you.</p>${callUs}`;
  } else {
    body = `<h1>This link does not work</h1><p>The visit may have been moved or cancelled, or the link may not have been copied in full. If the visit was moved, you will have been sent a new message.</p>${callUs}`;
  }
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title>${escape(title)}: video visit</title>
  <link rel="stylesheet" href="/visit-assets/nhsuk-frontend.min.css">
  <style nonce="${escape(options.nonce)}">.vv-brand{background-color:${safeColour(brand?.primaryColour)}}</style>
</head>
<body>
  <header class="nhsuk-header vv-brand" role="banner"><div class="nhsuk-width-container nhsuk-header__container">
    <p class="nhsuk-header__service-name nhsuk-u-font-weight-bold" style="">${escape(title)}</p>
  </div></header>
  <div class="nhsuk-width-container"><main class="nhsuk-main-wrapper" id="main-content" role="main">
    ${body}
  </main></div>
</body>
</html>`.replace(' style=""', '');
}

function escape(value: string | undefined): string {
  return (value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function safeColour(colour: string | undefined): string {
  return colour && /^#[0-9A-Fa-f]{6}$/.test(colour) ? colour : '#005EB8';
}
