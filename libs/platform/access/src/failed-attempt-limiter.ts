import { isIPv4, isIPv6 } from 'node:net';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface FailedAttemptLimiterOptions {
  /** Failed attempts allowed per client in each window. */
  limit: number;
  windowSeconds: number;
  /** Shared by every API replica when set; each process counts alone otherwise. */
  redisUrl?: string;
  /** Namespaces the keys in a shared Redis. */
  keyPrefix: string;
}

/**
 * Counts failed attempts per client (e.g. opening visitor links that do not work) with
 * rate-limiter-flexible: in Redis when there is one, so every API replica shares the
 * count, with an in-memory count standing in while Redis is unreachable; in memory
 * otherwise. Only failures are counted, and callers check the attempt first: a client
 * that has used up its failures is refused further failures, never a valid attempt.
 */
export class FailedAttemptLimiter implements OnApplicationShutdown {
  private readonly limiter: RateLimiterAbstract;
  private readonly redis?: Redis;

  constructor(options: FailedAttemptLimiterOptions) {
    const shape = { points: options.limit, duration: options.windowSeconds, keyPrefix: options.keyPrefix };
    if (options.redisUrl) {
      // never queue commands while disconnected: the in-memory insurance answers at once instead
      this.redis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      this.redis.on('error', () => undefined);
      this.limiter = new RateLimiterRedis({ ...shape, storeClient: this.redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(shape) });
    } else {
      this.limiter = new RateLimiterMemory(shape);
    }
  }

  /** Whether the client has no failures left (reads, counts nothing). */
  async isLimited(client: string): Promise<boolean> {
    const state = await this.limiter.get(client).catch(() => null);
    return (state?.consumedPoints ?? 0) >= this.limiter.points;
  }

  /** Counts one failure; true when it was over the limit (refuse it). */
  async recordFailure(client: string): Promise<boolean> {
    try {
      await this.limiter.consume(client);
      return false;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return true;
      throw outcome;
    }
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

/**
 * The key a client is counted under: its address as the trusted proxies report it (see
 * TRUST_PROXY), IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64 network, which
 * one household or device holds whole, so changing the low bits does not reset the count.
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

function expandIPv6(address: string): string[] {
  const [head, tail = ''] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}
