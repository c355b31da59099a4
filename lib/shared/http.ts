import { sleep as sleepFor } from '@/lib/time';

/**
 * JSON over fetch, shared by the providers' API clients: one exchange with a timeout, and a retry
 * loop on network failures, 429 and 5xx, bounded by a count and by a total time budget. It knows
 * nothing about providers: each client says how long a 429 asks to wait (Datadog:
 * `X-RateLimit-Reset`, PostHog: `Retry-After`) and turns the outcome into its own error class.
 *
 * Keys travel in headers, so every request refuses redirects (a key must never follow one to
 * another host) and omits cookies (a logged-in browser session must not stand in for the key).
 */

/** The failure kinds every API client tags its errors with; a provider may add its own (PostHog: `scope`). */
export type ApiErrorKind =
  | 'auth'
  | 'not-found'
  | 'bad-request'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'bad-response'
  /** Refused before sending: the keys may not go to that host (lib/shared/host-access.ts). */
  | 'host-access';

/**
 * Thrown by an injected `fetch` that refuses a request before sending anything (a guard): the
 * exchange ends at once as `refused`, never retried and never taken for a lost answer.
 */
export class RefusedBeforeSending extends Error {}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Already encoded: a JSON string (set Content-Type yourself) or FormData (fetch sets it). */
  body?: string | FormData | Blob;
  /** `binary-unless-json` keeps a body that is not JSON as a Blob (images); default `json`. */
  read?: 'json' | 'binary-unless-json';
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON; null for an empty body; undefined when the body is not JSON. */
  json: unknown;
  /** The body, when `read` was `binary-unless-json` and it was not JSON; else null. */
  binary: Blob | null;
}

/** One exchange's end: an answer (any status), or no answer at all. Never thrown. */
export type ExchangeResult =
  | { kind: 'answer'; answer: HttpAnswer }
  | { kind: 'network'; reason: string; timedOut: boolean }
  | { kind: 'refused'; reason: string };

export interface ExchangeOptions {
  fetch: typeof fetch;
  timeoutMs: number;
}

/** Why the retry loop stopped with this outcome. */
export type StopReason = 'success' | 'not-retryable' | 'retries' | 'budget';

/** The last exchange's result, with how the loop ended and what the server last asked to wait. */
export type SendOutcome = ExchangeResult & {
  attempts: number;
  stoppedBy: StopReason;
  /** The wait the last retryable answer asked for (ms), when it said; for error sentences. */
  requestedWaitMs: number | null;
};

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Total time for all attempts and waits, measured with `now`; a wait past it is not slept. */
  budgetMs: number;
  /** How long a retryable answer asks to wait (ms), or null to use backoff. */
  requestedWaitMs?: (answer: HttpAnswer) => number | null;
  /** Defaults to 429 and 5xx. */
  isRetryable?: (status: number) => boolean;
  /** False for requests that must not be sent twice: a failed connection may have been processed. */
  retryNetworkErrors?: boolean;
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

export interface SendOptions extends ExchangeOptions {
  sleep: (ms: number) => Promise<void>;
  /** Monotonic milliseconds (not the wall clock): the budget must not jump with clock changes. */
  now: () => number;
  /** What is left of the caller's own budget (a save's), in ms: no wait is slept past it. */
  remainingMs?: () => number;
  /** Source of jitter in [0, 1). */
  random: () => number;
  policy: RetryPolicy;
}

/**
 * The longest single wait slept in place. Chrome stops an extension's service worker after 30 s
 * without events, and a sleeping timer is not one: a longer wait is returned to the caller (a
 * save pauses and an alarm resumes it) rather than slept and cut short.
 */
export const MAX_WAIT_IN_PLACE_MS = 25_000;

const DEFAULT_BACKOFF_BASE_MS = 500;
const DEFAULT_BACKOFF_CAP_MS = 10_000;
const MAX_REASON_LENGTH = 200;

/** The injectable parts, defaulted for the browser: global fetch, real sleep, monotonic clock. */
export const defaultHttpDependencies = {
  fetch: ((input, init) => fetch(input, init)) as typeof fetch,
  sleep: sleepFor,
  now: () => performance.now(),
  random: Math.random,
};

/** What an API client's options may set about its HTTP; unset parts take the client's defaults. */
export interface HttpClientOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic ms, for the retry budget. */
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
  maxRetries?: number;
  timeoutMs?: number;
  /** Total time one call may spend, retries and waits included. */
  budgetMs?: number;
  /** What is left of the caller's own budget (a save's): no retry wait goes past it. */
  remainingMs?: () => number;
}

export interface HttpClientDefaults {
  maxRetries: number;
  timeoutMs: number;
  budgetMs: number;
}

/** A client's options resolved: what `sendWithRetries` takes besides the request's own policy. */
export interface HttpClientSettings {
  send: Omit<SendOptions, 'policy'>;
  maxRetries: number;
  budgetMs: number;
}

export function httpClientSettings(
  options: HttpClientOptions,
  defaults: HttpClientDefaults,
): HttpClientSettings {
  return {
    send: {
      fetch: options.fetch ?? defaultHttpDependencies.fetch,
      sleep: options.sleep ?? defaultHttpDependencies.sleep,
      now: options.now ?? defaultHttpDependencies.now,
      random: options.random ?? defaultHttpDependencies.random,
      timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
      remainingMs: options.remainingMs,
    },
    maxRetries: Math.max(0, options.maxRetries ?? defaults.maxRetries),
    budgetMs: options.budgetMs ?? defaults.budgetMs,
  };
}

/** `url` with the defined values of `query` as its search string (none: `url` unchanged). */
export function withQuery(url: string, query: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${url}?${text}` : url;
}

/** `https://host/path` → `host`, for sentences that say where a request went. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Parsed JSON; null for an empty body; undefined when it is not JSON (an HTML error page, say). */
export function parseJsonBody(text: string): unknown {
  if (text.trim().length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Exponential backoff with ±25 % jitter, so parallel clients do not retry in lock-step. */
export function backoffDelay(
  retry: number,
  random: () => number,
  baseMs = DEFAULT_BACKOFF_BASE_MS,
  capMs = DEFAULT_BACKOFF_CAP_MS,
): number {
  const base = Math.min(capMs, baseMs * 2 ** retry);
  return Math.round(base * (0.75 + 0.5 * random()));
}

/**
 * A header holding a number of seconds to wait (`Retry-After: 30`, `X-RateLimit-Reset: 12`), in
 * ms, at least one second; null when absent or not a non-negative number (an HTTP date is not used).
 */
export function secondsHeaderWaitMs(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || !/^\s*\d+(\.\d+)?\s*$/.test(raw)) return null;
  return Math.max(1, Math.ceil(Number(raw))) * 1000;
}

function reasonOf(error: unknown): string {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  const trimmed = reason.trim().replace(/\.+$/, '');
  return (
    (trimmed.length > MAX_REASON_LENGTH ? `${trimmed.slice(0, MAX_REASON_LENGTH - 1)}…` : trimmed) ||
    'unknown error'
  );
}

function durationText(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function isJsonContentType(headers: Headers): boolean {
  return /\bjson\b/i.test(headers.get('Content-Type') ?? '');
}

/** One HTTP exchange, aborted after `timeoutMs` (body included). Resolves; never throws. */
export async function exchange(request: HttpRequest, options: ExchangeOptions): Promise<ExchangeResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      redirect: 'error',
      credentials: 'omit',
    });
    if (request.read === 'binary-unless-json' && !isJsonContentType(response.headers)) {
      const binary = await response.blob();
      return {
        kind: 'answer',
        answer: { status: response.status, headers: response.headers, json: undefined, binary },
      };
    }
    const json = parseJsonBody(await response.text());
    return {
      kind: 'answer',
      answer: { status: response.status, headers: response.headers, json, binary: null },
    };
  } catch (error) {
    if (error instanceof RefusedBeforeSending) return { kind: 'refused', reason: error.message };
    const timedOut = controller.signal.aborted;
    const reason = timedOut ? `no answer within ${durationText(options.timeoutMs)}` : reasonOf(error);
    return { kind: 'network', reason, timedOut };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The sentence for a request refused before sending, from a schema's first issue (zod's shape,
 * typed structurally so this module needs no zod): `The snapshot is not valid (widths.0): …`.
 */
export function invalidRequestSentence(
  what: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string {
  const first = issues[0];
  const where = first && first.path.length > 0 ? ` (${first.path.map(String).join('.')})` : '';
  return `The ${what} is not valid${where}: ${first?.message ?? 'unknown problem'}.`;
}

/**
 * An answer's body read with a schema (zod's `safeParse`, typed structurally so this module needs
 * no zod); `fail` makes the client's own error for a body that does not fit.
 */
export function validatedBody<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  json: unknown,
  fail: () => Error,
): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw fail();
  return parsed.data;
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Sends `request`, retrying network failures (unless the policy forbids it), 429 and 5xx, at most
 * `maxRetries` times and within `budgetMs`. A 429 waits what the server asked, never less; a wait
 * that would overrun the budget, the caller's remaining time or `MAX_WAIT_IN_PLACE_MS` is not
 * slept: the answer is returned at once with `stoppedBy: 'budget'` and the wait it asked for.
 */
export async function sendWithRetries(request: HttpRequest, options: SendOptions): Promise<SendOutcome> {
  const { policy } = options;
  const retryable = policy.isRetryable ?? isRetryableStatus;
  const started = options.now();
  for (let retry = 0; ; retry++) {
    const result = await exchange(request, options);
    let requestedWaitMs: number | null = null;
    const attempts = retry + 1;
    const done = (stoppedBy: StopReason): SendOutcome => ({
      ...result,
      attempts,
      stoppedBy,
      requestedWaitMs,
    });
    let wait: number;
    if (result.kind === 'refused') return done('not-retryable');
    if (result.kind === 'network') {
      if (policy.retryNetworkErrors === false) return done('not-retryable');
      wait = backoffDelay(retry, options.random, policy.backoffBaseMs, policy.backoffCapMs);
    } else {
      const { status } = result.answer;
      if (status >= 200 && status < 300) return done('success');
      if (!retryable(status)) return done('not-retryable');
      requestedWaitMs = policy.requestedWaitMs?.(result.answer) ?? null;
      wait =
        requestedWaitMs ?? backoffDelay(retry, options.random, policy.backoffBaseMs, policy.backoffCapMs);
    }
    if (retry >= policy.maxRetries) return done('retries');
    const allowed = Math.min(
      policy.budgetMs - (options.now() - started),
      options.remainingMs?.() ?? Number.POSITIVE_INFINITY,
      MAX_WAIT_IN_PLACE_MS,
    );
    if (wait > allowed) return done('budget');
    await options.sleep(wait);
  }
}
