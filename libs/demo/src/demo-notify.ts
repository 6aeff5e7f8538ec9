import { randomUUID } from 'node:crypto';
import { MESSAGE_KINDS } from '@vv/contracts';
import { makeNotifyApiKey, startLocalNotifyServer, type LocalNotifyServer, type LocalNotifyTemplate } from '@vv/platform/notify';
import type { TenantConfig } from '@vv/domain/trusts';

const COMMON = ['patient_first_name', 'ward', 'hospital', 'trust', 'date', 'time'];

export interface DemoNotify {
  readonly server: LocalNotifyServer;
  /** Points each trust's delivery receipts at the API (`${apiBaseUrl}/notify/receipts/<ODS>`). */
  connectReceipts(apiBaseUrl: string): void;
  serviceIdOf(odsCode: string): string;
}

/**
 * For `npm start`, tests and the reliability run: a local server speaking GOV.UK Notify's
 * API, with one service per trust holding that trust's template ids, and each trust's key
 * and callback token made up for this run and put in the environment variables its
 * settings name. Development only (the server refuses production).
 */
export async function startDemoNotify(trusts: readonly TenantConfig[], options: { autoDeliver?: boolean; clock: () => Date }): Promise<DemoNotify> {
  const services = trusts.map((trust) => {
    const serviceId = randomUUID();
    const secret = randomUUID();
    process.env[trust.messaging.notifyApiKeyEnv] = makeNotifyApiKey('virtual-visits-local', serviceId, secret);
    process.env[trust.messaging.callbackTokenEnv] = `${randomUUID()}${randomUUID()}`.replaceAll('-', '');
    const templates: LocalNotifyTemplate[] = MESSAGE_KINDS.flatMap((kind) =>
      (['sms', 'email'] as const)
        .filter((channel) => trust.messaging.templates[kind]?.[channel])
        .map((channel) => ({ id: trust.messaging.templates[kind]![channel]!, type: channel, personalisation: kind === 'readyToJoin' ? [...COMMON, 'link'] : COMMON })),
    );
    return { odsCode: trust.odsCode, serviceId, secret, templates, callbackToken: process.env[trust.messaging.callbackTokenEnv]! };
  });
  const server = await startLocalNotifyServer({ services: services.map(({ serviceId, secret, templates }) => ({ serviceId, secret, templates })), autoDeliver: options.autoDeliver ?? true, clock: options.clock });
  return {
    server,
    connectReceipts(apiBaseUrl) {
      for (const service of services) server.setCallback(service.serviceId, `${apiBaseUrl}/notify/receipts/${service.odsCode}`, service.callbackToken);
    },
    serviceIdOf(odsCode) {
      return services.find((s) => s.odsCode === odsCode)!.serviceId;
    },
  };
}
