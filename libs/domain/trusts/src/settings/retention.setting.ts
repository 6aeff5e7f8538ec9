import type { z } from 'zod';
import { wholeNumber } from './setting-fields';

/** Days after a visit ends before its personal details are erased. */
export const retentionSetting = wholeNumber(1, 3650, 'days');

export type RetentionDays = z.output<typeof retentionSetting>;
