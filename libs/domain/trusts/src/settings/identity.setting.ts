import { z } from 'zod';

const emailDomain = z.string().regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a lower-case email domain like nhs.net');

/** Who may sign in to the trust: its Entra tenants, and the email domains staff are invited at. */
export const identitySetting = z
  .object({
    acceptedTenantIds: z.array(z.uuid('must be an Entra tenant id (UUID)')).min(1, 'list at least one Entra tenant id'),
    inviteEmailDomains: z.array(emailDomain).min(1, 'list at least one email domain'),
  })
  .strict();

export type TrustIdentitySettings = z.output<typeof identitySetting>;
