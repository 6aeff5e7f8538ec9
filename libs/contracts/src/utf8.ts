/**
 * Text arrives as bytes: a request body that is not UTF-8 is refused, never read with
 * replacement characters (which would store "Bad �� Name") nor kept as undecoded "%FF".
 */

const strict = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes are well-formed UTF-8 (no stray, overlong or surrogate sequences). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const PERCENT = 0x25;
const isHex = (byte: number | undefined) => byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));

/**
 * True when a form body (application/x-www-form-urlencoded) holds UTF-8 text: every '%' starts
 * a two-digit hex escape (browsers send a typed '%' as %25), and the bytes the escapes and the
 * plain characters make are well-formed UTF-8.
 */
export function isUtf8FormBody(body: Uint8Array): boolean {
  const decoded = new Uint8Array(body.length);
  let length = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== PERCENT) {
      decoded[length++] = body[i];
      continue;
    }
    if (!isHex(body[i + 1]) || !isHex(body[i + 2])) return false;
    decoded[length++] = Number.parseInt(String.fromCharCode(body[i + 1], body[i + 2]), 16);
    i += 2;
  }
  return isUtf8(decoded.subarray(0, length));
}
