/** White text on the trust's colour needs this much contrast (WCAG 2.2 AA, normal text); the API refuses less. */
export const MIN_CONTRAST_WITH_WHITE = 4.5;

/**
 * WCAG's contrast ratio of white text on a #RRGGBB colour, or null when it is not one.
 * Self-contained: the branding page's script is made from this same function's text.
 */
export function contrastWithWhite(colour: string): number | null {
  if (!/^#[0-9A-Fa-f]{6}$/.test(colour)) return null;
  const channel = (offset: number) => {
    const value = parseInt(colour.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

/** The contrast check in words, as the page shows it (and the script updates it). */
export function contrastVerdict(colour: string): { text: string; passes: boolean } {
  const ratio = contrastWithWhite(colour.trim());
  if (ratio === null) return { text: 'Enter a colour like #005EB8 to check it.', passes: false };
  const shown = Math.floor(ratio * 10) / 10;
  return ratio >= MIN_CONTRAST_WITH_WHITE
    ? { text: `White text on this colour has contrast ${shown.toFixed(1)}:1. It passes (at least ${MIN_CONTRAST_WITH_WHITE}:1 is needed).`, passes: true }
    : { text: `White text on this colour has contrast ${shown.toFixed(1)}:1. It fails: at least ${MIN_CONTRAST_WITH_WHITE}:1 is needed.`, passes: false };
}

/**
 * The branding page's small script: as the admin types, the preview of the family's page takes
 * the display name, colour and phone number, and the contrast check is worked out again. The
 * page works without it (the server renders both and checks the colour when it is saved).
 */
export const BRANDING_PREVIEW_SCRIPT = `'use strict';
const MIN_CONTRAST_WITH_WHITE = ${MIN_CONTRAST_WITH_WHITE};
const contrastWithWhite = ${contrastWithWhite.toString()};
const contrastVerdict = ${contrastVerdict.toString()};
const form = document.getElementById('branding-form');
const field = (name) => form && form.elements.namedItem(name);
function update() {
  const colour = field('primaryColour').value.trim();
  const verdict = contrastVerdict(colour);
  const check = document.getElementById('contrast-check');
  check.textContent = verdict.text;
  check.classList.toggle('nhsuk-u-font-weight-bold', !verdict.passes);
  if (verdict.passes) document.getElementById('preview-banner').setAttribute('fill', colour);
  document.getElementById('preview-name').textContent = field('displayName').value.trim() || 'Your trust';
  document.getElementById('preview-phone').textContent = field('contactPhone').value.trim();
}
if (form) {
  form.addEventListener('input', update);
}
`;
