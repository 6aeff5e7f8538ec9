import type { EntityManager } from '@mikro-orm/postgresql';
import type { Trust } from '@vv/domain/trusts';
import { TrustSecret, type TrustSecretName } from './trust-secret.entity';
import type { NotificationSettings } from './notification-settings';

/** The context a secret is sealed under: a sealed value cannot be moved to another trust or name. */
export function secretContext(trustId: string, name: TrustSecretName): string {
  return `${trustId}/${name}`;
}

/** A trust's secret: the one set through the API if any, else the environment variable its configuration names. */
export async function trustSecret(em: EntityManager, settings: NotificationSettings, trust: Trust, name: TrustSecretName): Promise<string | undefined> {
  const stored = await em.findOne(TrustSecret, { trust: trust.id, name });
  if (stored) return settings.secretBox.open(stored.sealed, secretContext(trust.id, name));
  return settings.secret(name === 'notifyApiKey' ? trust.messaging.notifyApiKeyEnv : trust.messaging.callbackTokenEnv);
}
