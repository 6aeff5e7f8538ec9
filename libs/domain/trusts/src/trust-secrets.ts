import type { EntityManager } from '@mikro-orm/postgresql';
import type { SecretBox } from '@vv/platform/auth';
import type { Trust } from './trust.entity';
import { TrustSecret, type TrustSecretName } from './trust-secret.entity';

/** Where a process finds trusts' secrets: sealed in the database, or in the environment. */
export interface SecretSource {
  readonly secretBox: SecretBox;
  secret(environmentVariable: string): string | undefined;
}

/** The context a secret is sealed under: a sealed value cannot be moved to another trust or name. */
export function secretContext(trustId: string, name: TrustSecretName): string {
  return `${trustId}/${name}`;
}

const ENVIRONMENT_VARIABLE: Record<TrustSecretName, (trust: Trust) => string> = {
  notifyApiKey: (trust) => trust.messaging.notifyApiKeyEnv,
  notifyCallbackToken: (trust) => trust.messaging.callbackTokenEnv,
  videoSecret: (trust) => trust.video.secretEnv,
};

/** A trust's secret: the one set through the API if any, else the environment variable its configuration names. */
export async function trustSecret(em: EntityManager, source: SecretSource, trust: Trust, name: TrustSecretName): Promise<string | undefined> {
  const stored = await em.findOne(TrustSecret, { trust: trust.id, name });
  if (stored) return source.secretBox.open(stored.sealed, secretContext(trust.id, name));
  return source.secret(ENVIRONMENT_VARIABLE[name](trust));
}

/** Seals and stores a trust's secret (write-only: nothing ever reads it back out through the API). */
export async function storeTrustSecret(em: EntityManager, source: SecretSource, trust: Trust, name: TrustSecretName, value: string, staffId: string): Promise<void> {
  const sealed = source.secretBox.seal(value, secretContext(trust.id, name));
  const existing = await em.findOne(TrustSecret, { trust: trust.id, name });
  if (existing) {
    existing.sealed = sealed;
    existing.updatedByStaffId = staffId;
  } else {
    em.create(TrustSecret, { trust: trust.id, name, sealed, updatedByStaffId: staffId });
  }
}
