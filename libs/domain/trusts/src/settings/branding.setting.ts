import { z } from 'zod';
import { primaryColourProblem, publicUrlProblem } from '../trust-settings.rules';
import { checked, partialUpdate, placeName } from './setting-fields';

const publicUrl = z.string().superRefine(checked(publicUrlProblem));

/** How the trust's pages and messages look. */
export const brandingSetting = z
  .object({
    displayName: placeName,
    /** https address of the trust's logo, fetched by families' phones. */
    logoUrl: publicUrl.optional(),
    /** #RRGGBB (kept in capitals) with enough contrast for white text. */
    primaryColour: z.string().superRefine(checked(primaryColourProblem)).transform((colour) => colour.toUpperCase()).default('#005EB8'),
    /** The number families are told to call. */
    contactPhone: z.string().regex(/^(\+44\s?|0)[0-9 ]{9,13}$/, 'must be a UK phone number'),
    /** The trust's accessibility statement: linked from the footer of the family's page. */
    accessibilityStatementUrl: publicUrl.optional(),
    /** The trust's privacy notice: linked from the footer of the family's page. */
    privacyNoticeUrl: publicUrl.optional(),
  })
  .strict();

export type TrustBranding = z.output<typeof brandingSetting>;

/** `updateBranding`: any of the fields; null or '' removes an address. */
export const brandingUpdate = partialUpdate(brandingSetting);
