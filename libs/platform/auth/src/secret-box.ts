import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) for secrets the platform must keep at rest: a
 * trust's Notify key set through the API, a visitor link waiting in the outbox. The key
 * comes from SECRETS_ENCRYPTION_KEY; ciphertexts are `v1.<iv>.<tag>.<data>` (base64url).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    const decoded = Buffer.from(keyMaterial, 'base64');
    if (decoded.length !== 32) throw new Error('SECRETS_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    this.key = decoded;
  }

  /** A fixed key for development and tests only: never set in production (config refuses it). */
  static forDevelopment(): SecretBox {
    return new SecretBox(createHash('sha256').update('virtual-visits development only').digest('base64'));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /** Opens a sealed value; `context` must be the one it was sealed with (e.g. the row id), so values cannot be swapped between rows. */
  open(sealed: string, context: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
