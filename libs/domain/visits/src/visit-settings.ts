import type { SecretBox } from '@vv/platform/auth';

/** What the visit service needs from the deployment, beyond the trust's own settings. */
export interface VisitSettings {
  /** Opens trusts' secrets set through the API. */
  readonly secretBox: SecretBox;
  /** Where visitors reach the platform, e.g. https://visit.example.nhs.uk (links are `${base}/visit/<ODS>/<token>`). */
  readonly publicBaseUrl: string;
  /** Whereby's API (or the local server that speaks it). */
  readonly wherebyApiUrl?: string;
  /** Reads a trust's secret from the environment variable its settings name. */
  secret(environmentVariable: string): string | undefined;
  /** The clock; tests move it. */
  now(): Date;
}

export const VISIT_SETTINGS = Symbol('VISIT_SETTINGS');
