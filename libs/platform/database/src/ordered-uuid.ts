import { randomBytes } from 'node:crypto';

let lastMs = -1;
let counter = 0;

/**
 * A UUID (version 7) whose byte order is the order this process made them in: the process
 * clock's milliseconds, then a counter within the millisecond, then random bits. PostgreSQL
 * compares uuids byte by byte, so `order by <time>, id` reads rows whose own times are equal
 * (a visit's history on a platform clock that stood still, as a test's does) in the order they
 * were written.
 */
export function orderedUuid(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    counter = 0;
  } else {
    // the same millisecond, or the process clock stepped back: keep counting from the last one
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      ms += 1;
      counter = 0;
    }
  }
  lastMs = ms;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
