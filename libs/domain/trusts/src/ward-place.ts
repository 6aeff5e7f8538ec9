import type { ScopedRecord } from '@vv/platform/access';
import type { Ward } from './ward.entity';

/** Where a ward is, as the access rules see it (its hospital loaded or not). */
export function wardPlace(ward: Ward): ScopedRecord {
  return { trustId: ward.trust.id, hospitalId: ward.hospital.unwrap().id, wardId: ward.id };
}
