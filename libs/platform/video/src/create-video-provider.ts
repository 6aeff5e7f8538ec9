import { isIP } from 'node:net';
import { JitsiVideoProvider } from './jitsi.provider';
import type { VideoProvider, VideoProviderKind, VideoProviderSettings } from './video-provider';
import { VideoProviderError, type VideoSetting } from './video-provider.error';
import { WherebyVideoProvider } from './whereby.provider';

export const DEFAULT_WHEREBY_API_URL = 'https://api.whereby.dev/v1';
export const DEFAULT_JITSI_APP_ID = 'virtual-visits';
const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
const MAX_FETCH_TIMEOUT_MS = 60_000;
/**
 * Every visitor holds a token signed with the Jitsi secret, so a short secret could be
 * brute-forced offline and a moderator token forged: 32 characters at least. Whereby's API
 * keys are far longer, so a shorter one is a typo or a fragment Whereby would refuse at every
 * visit's start: the same 32 at least, as the setting's description promises.
 */
export const MIN_VIDEO_SECRET_LENGTH = 32;

/**
 * Builds the provider for one trust's video settings, checking them first: an unusable setting
 * throws here (at boot or when the trust's settings are saved), never at a visit's start.
 * Errors name the setting, never its value.
 */
export function createVideoProvider(settings: VideoProviderSettings): VideoProvider {
  switch (settings?.provider) {
    case 'whereby':
      return new WherebyVideoProvider({
        apiUrl: wherebyApiUrl(settings.wherebyApiUrl),
        apiKey: secret('whereby', settings.secret),
        fetchTimeoutMs: fetchTimeoutMs('whereby', settings.fetchTimeoutMs),
        now: settings.now ?? (() => new Date()),
      });
    case 'jitsi':
      return new JitsiVideoProvider({
        baseUrl: jitsiBaseUrl(settings.baseUrl),
        appId: jitsiAppId(settings.appId),
        secret: secret('jitsi', settings.secret),
        now: settings.now ?? (() => new Date()),
      });
    default:
      throw new VideoProviderError('whereby', 'invalid_settings', "provider must be 'whereby' or 'jitsi'", undefined, 'provider');
  }
}

function invalid(provider: VideoProviderKind, reason: string): VideoProviderError {
  const setting = /^(\w+)/.exec(reason)?.[1] as VideoSetting;
  return new VideoProviderError(provider, 'invalid_settings', reason, undefined, setting);
}

/** Longest secret taken: providers' keys and app secrets are well under this. */
const MAX_SECRET_LENGTH = 512;

function secret(provider: VideoProviderKind, value: unknown): string {
  if (typeof value !== 'string' || value.length < MIN_VIDEO_SECRET_LENGTH || value.length > MAX_SECRET_LENGTH || /[^\x21-\x7E]/.test(value)) {
    throw invalid(provider, `secret must be ${MIN_VIDEO_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} printable characters, without spaces`);
  }
  return value;
}

function fetchTimeoutMs(provider: VideoProviderKind, value: number | undefined): number {
  if (value === undefined) return DEFAULT_FETCH_TIMEOUT_MS;
  if (!Number.isSafeInteger(value) || value <= 0 || value > MAX_FETCH_TIMEOUT_MS) {
    throw invalid(provider, `fetchTimeoutMs must be a whole number of milliseconds from 1 to ${MAX_FETCH_TIMEOUT_MS}`);
  }
  return value;
}

/** https, or plain http only to this machine (the local server in tests and `npm start`). */
function wherebyApiUrl(value: string | undefined): string {
  const url = parseUrl(value ?? DEFAULT_WHEREBY_API_URL);
  const local = url?.protocol === 'http:' && isLoopback(url.hostname);
  if (!url || (url.protocol !== 'https:' && !local) || url.username || url.password || url.search || url.hash) {
    throw invalid('whereby', 'wherebyApiUrl must be an https URL (or http to this machine) with no credentials or query');
  }
  return url.toString().replace(/\/+$/, '');
}

/** The Meet server's origin: rooms are `${baseUrl}/${room}`, and its host is the token's `sub`. */
function jitsiBaseUrl(value: string | undefined): string {
  const url = value === undefined ? undefined : parseUrl(value);
  if (
    !url ||
    url.protocol !== 'https:' ||
    url.username ||
    url.password ||
    url.pathname !== '/' ||
    url.search ||
    url.hash
  ) {
    throw invalid('jitsi', 'baseUrl must be the https address of the Jitsi Meet server, with no path, query or credentials');
  }
  return url.origin;
}

function jitsiAppId(value: string | undefined): string {
  if (value === undefined) return DEFAULT_JITSI_APP_ID;
  if (typeof value !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(value)) {
    throw invalid('jitsi', 'appId must be 1 to 100 letters, digits, dots, dashes or underscores');
  }
  return value;
}

function parseUrl(value: unknown): URL | undefined {
  return typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
