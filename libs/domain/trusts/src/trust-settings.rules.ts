import { isIP } from 'node:net';
import { isBlank, visibleText, type VideoProvider } from '@vv/contracts';
import { createVideoProvider, MIN_VIDEO_SECRET_LENGTH, VideoProviderError } from '@vv/platform/video';

/**
 * Rules for a trust's settings, one of each, used by every way a setting arrives: the trust
 * admin API, onboarding and `tenants:sync`. Each returns what is wrong in words for people, or
 * null; none quotes the value.
 */

/** White text on this colour must reach WCAG AA for normal text. */
export const MIN_CONTRAST_WITH_WHITE = 4.5;

/** WCAG contrast ratio of a #RRGGBB colour against white. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

export function primaryColourProblem(colour: string): string | null {
  if (!/^#[0-9A-Fa-f]{6}$/.test(colour)) return 'must be a colour like #005EB8';
  const contrast = contrastWithWhite(colour);
  if (contrast < MIN_CONTRAST_WITH_WHITE) return `has contrast ${contrast.toFixed(1)}:1 against white; white text needs at least ${MIN_CONTRAST_WITH_WHITE}:1`;
  return null;
}

/** A name people read (a trust, hospital, ward, display name): visible characters, 2 to 200 of them. */
export function placeNameProblem(name: string): string | null {
  if (isBlank(name)) return 'must not be blank';
  const visible = visibleText(name);
  return visible.length < 2 || visible.length > 200 ? 'must be 2 to 200 characters' : null;
}

/**
 * An address families' phones fetch or open (the logo, the accessibility statement, the privacy
 * notice): https on port 443, a public host name, no credentials, and written as a URL is (no
 * character the parser would have to escape). Addresses on this machine or a private,
 * link-local or reserved network are refused.
 */
export function publicUrlProblem(value: string): string | null {
  if (value.length > 500) return 'must be at most 500 characters';
  // URL parsing would quietly percent-encode these (or drop them); in a page they could end an attribute
  if (/[^\x21-\x7E]|["'<>\\^`{|}]/.test(value)) return 'must be a well-formed https URL: no spaces, quotes, angle brackets, backslashes or control characters';
  if (!URL.canParse(value)) return 'must be an https URL';
  const url = new URL(value);
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.port && url.port !== '443') return 'must use the standard https port';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) || !host.includes('.') || host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
    return 'must name a public host, not an IP address or a local name';
  }
  return null;
}

export interface VideoSettingsCandidate {
  provider: VideoProvider;
  baseUrl?: string | null;
  /** The secret that will be used: the new one, or the one already stored. Absent when none is set yet. */
  secret?: string | null;
}

/**
 * Video settings are checked by building the provider from them, exactly as a visit's start
 * will: what passes here cannot be refused there. Problems are keyed by setting.
 */
export function videoSettingsProblems(settings: VideoSettingsCandidate): { field: string; message: string }[] {
  const provider = settings.provider;
  const problems: { field: string; message: string }[] = [];
  if (provider === 'whereby' && settings.baseUrl) problems.push({ field: 'baseUrl', message: 'is only for a Jitsi Meet server; leave it out for Whereby' });
  // a placeholder of the smallest length a provider takes stands in for a secret not set yet
  const secret = settings.secret ?? 'x'.repeat(MIN_VIDEO_SECRET_LENGTH);
  try {
    createVideoProvider({ provider, secret, baseUrl: settings.baseUrl ?? undefined });
  } catch (error) {
    if (!(error instanceof VideoProviderError)) throw error;
    const message = error.setting ? error.reason.slice(error.setting.length).trim() : error.reason;
    problems.push({ field: error.setting ?? 'provider', message });
  }
  // families' phones open the Meet server's rooms: a public host, as for every address they open
  const host = provider === 'jitsi' && settings.baseUrl && !problems.some((p) => p.field === 'baseUrl') ? publicUrlProblem(settings.baseUrl) : null;
  if (host) problems.push({ field: 'baseUrl', message: host });
  return problems;
}
