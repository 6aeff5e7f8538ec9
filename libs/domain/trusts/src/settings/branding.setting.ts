import { z } from 'zod';
import { primaryColourProblem, publicUrlProblem } from '../trust-settings.rules';
import { checked, partialUpdate, placeName } from './setting-fields';

const publicUrl = z.string().superRefine(checked(publicUrlProblem));

/** How the trust's pages and messages look. Each field's description is the API's. */
export const brandingSetting = z
  .object({
    displayName: placeName,
    logoUrl: publicUrl.describe("https URL of the trust's logo, fetched by families' phones").optional(),
    primaryColour: z
      .string()
      .superRefine(checked(primaryColourProblem))
      .transform((colour) => colour.toUpperCase())
      .describe('#RRGGBB (kept in capitals) with at least 4.5:1 contrast against white')
      .default('#005EB8'),
    contactPhone: z
      .string()
      .regex(/^(\+44\s?|0)[0-9 ]{9,13}$/, 'must be a UK phone number')
      .describe('The number families are told to call'),
    accessibilityStatementUrl: publicUrl.describe("https URL of the trust's accessibility statement, linked from the footer of the family's page").optional(),
    privacyNoticeUrl: publicUrl.describe("https URL of the trust's privacy notice, linked from the footer of the family's page").optional(),
  })
  .strict();

export type TrustBranding = z.output<typeof brandingSetting>;

/** `updateBranding`: any of the fields; null or '' removes an address. */
export const brandingUpdate = partialUpdate(brandingSetting);
