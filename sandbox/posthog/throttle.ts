/**
 * Django REST framework's `SimpleRateThrottle` as PostHog uses it for create, capture and prewarm
 * (PostHog/posthog `posthog/rate_limit.py` `AIBurstRateThrottle`, `AISustainedRateThrottle`:
 * `UserRateThrottle`s, so one history per user, whatever key it uses). Each rate keeps the times
 * of the requests it let through within its period; DRF asks every throttle (one refusing does
 * not stop the others from counting the request) and answers 429 with `Retry-After` set to the
 * longest wait, rounded up.
 */

export interface ThrottleRate {
  scope: string;
  limit: number;
  periodSeconds: number;
}

export class UserThrottle {
  private readonly histories = new Map<string, number[]>();

  constructor(
    private readonly rates: readonly ThrottleRate[],
    private readonly now: () => number,
  ) {}

  /** Counts one request of `user`: null when allowed, else the seconds to wait. */
  take(user: string): number | null {
    const now = this.now();
    const waits: number[] = [];
    for (const rate of this.rates) {
      const key = `${rate.scope}:${user}`;
      const periodMs = rate.periodSeconds * 1000;
      const history = (this.histories.get(key) ?? []).filter((at) => at > now - periodMs);
      if (history.length >= rate.limit) {
        // `SimpleRateThrottle.wait`: the period minus the age of the oldest request kept.
        waits.push((periodMs - (now - (history[0] ?? now))) / 1000);
      } else {
        history.push(now);
      }
      this.histories.set(key, history);
    }
    return waits.length === 0 ? null : Math.max(1, Math.ceil(Math.max(...waits)));
  }

  reset(): void {
    this.histories.clear();
  }
}
