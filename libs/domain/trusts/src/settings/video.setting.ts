import { z } from 'zod';
import { VIDEO_PROVIDERS } from '@vv/contracts';
import { videoSettingsProblems } from '../trust-settings.rules';
import { envVarName, partialUpdate, wholeNumber } from './setting-fields';

const videoFields = z
  .object({
    provider: z.enum(VIDEO_PROVIDERS),
    /** The trust's Jitsi Meet server (Jitsi only). */
    baseUrl: z.string().optional(),
    /** Configuration documents name the variable holding the secret; the API stores it encrypted instead. */
    secretEnv: envVarName,
    /** Minutes the visitor link keeps working after the slot. */
    graceMinutesAfterSlot: wholeNumber(0, 120, 'minutes').default(15),
  })
  .strict();

/**
 * The trust's video provider. Provider and server are checked together by building the
 * provider, as a visit's start will (the secret is checked where it is read).
 */
export const videoSetting = videoFields.superRefine((video, ctx) => {
  for (const problem of videoSettingsProblems({ provider: video.provider, baseUrl: video.baseUrl })) {
    ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  }
});

export type TrustVideoSettings = z.output<typeof videoSetting>;

/** `updateVideoSettings`: provider, server and grace period (checked together with the secret where it is stored). */
export const videoUpdate = partialUpdate(videoFields.omit({ secretEnv: true }));
