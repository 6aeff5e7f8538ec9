import { z } from 'zod';
import { VIDEO_PROVIDERS } from '@vv/contracts';
import { videoSettingsProblems } from '../trust-settings.rules';
import { envVarName, partialUpdate, wholeNumber } from './setting-fields';

const videoFields = z
  .object({
    provider: z.enum(VIDEO_PROVIDERS),
    baseUrl: z.string().describe("The trust's Jitsi Meet server (JITSI only): https, no path, query or credentials").optional(),
    /** Configuration documents name the variable holding the secret; the API stores it encrypted instead. */
    secretEnv: envVarName,
    graceMinutesAfterSlot: wholeNumber(0, 120, 'minutes').describe('Minutes the visitor link keeps working after the slot').default(15),
  })
  .strict();

/** The video settings the API shows and updates (the secret is written its own way and never shown). */
export const videoShown = videoFields.omit({ secretEnv: true });

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
export const videoUpdate = partialUpdate(videoShown);
