import type { Headers } from '../http';

/**
 * Fixed-window counters, one per endpoint name, like Datadog's per-endpoint limits.
 * Every API response carries the `X-RateLimit-*` headers computed here.
 */

export interface RateLimitConfig {
  limit: number;
  periodSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 100, periodSeconds: 60 };

export interface RateLimitStatus {
  allowed: boolean;
  headers: Headers;
}

export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; used: number }>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number,
  ) {}

  /** Counts one request against `name` and says whether it fits in the current window. */
  take(name: string): RateLimitStatus {
    const nowMs = this.now();
    const periodMs = this.config.periodSeconds * 1000;
    let window = this.windows.get(name);
    if (!window || nowMs - window.startedAt >= periodMs) {
      window = { startedAt: nowMs, used: 0 };
      this.windows.set(name, window);
    }
    window.used += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + periodMs - nowMs) / 1000));
    const remaining = Math.max(0, this.config.limit - window.used);
    return {
      allowed: window.used <= this.config.limit,
      headers: rateLimitHeaders(name, this.config, remaining, resetSeconds),
    };
  }

  reset(): void {
    this.windows.clear();
  }
}

export function rateLimitHeaders(
  name: string,
  config: RateLimitConfig,
  remaining: number,
  resetSeconds: number,
): Headers {
  return {
    'X-RateLimit-Limit': String(config.limit),
    'X-RateLimit-Period': String(config.periodSeconds),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(resetSeconds),
    'X-RateLimit-Name': name,
  };
}
