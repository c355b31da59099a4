import { describe, expect, test } from 'vitest';
import {
  backoffDelay,
  exchange,
  type HttpRequest,
  MAX_WAIT_IN_PLACE_MS,
  parseJsonBody,
  type RetryPolicy,
  type SendOptions,
  secondsHeaderWaitMs,
  sendWithRetries,
} from '@/lib/shared/http';

/** A scripted server: each call takes the next step; a step is a Response or an error to throw. */
function scripted(steps: Array<Response | Error | (() => Promise<Response>)>) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const step = steps.shift();
    if (step === undefined) throw new Error('no more scripted answers');
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step();
    return step;
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A fake clock whose sleep advances it: the loop's time accounting is exact. */
function fakeClock() {
  let now = 1000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const REQUEST: HttpRequest = {
  method: 'GET',
  url: 'https://api.example/items',
  headers: { Authorization: 'x' },
};
const POLICY: RetryPolicy = { maxRetries: 3, budgetMs: 60_000 };

function options(
  fetch: typeof globalThis.fetch,
  clock = fakeClock(),
  policy: Partial<RetryPolicy> = {},
): SendOptions {
  return {
    fetch,
    timeoutMs: 1000,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    policy: { ...POLICY, ...policy },
  };
}

describe('exchange', () => {
  test('refuses redirects and omits cookies on every request', async () => {
    const server = scripted([json(200, { ok: true })]);
    const result = await exchange(REQUEST, { fetch: server.fetch, timeoutMs: 1000 });
    expect(result).toMatchObject({ kind: 'answer', answer: { status: 200, json: { ok: true } } });
    expect(server.calls[0]?.init).toMatchObject({ redirect: 'error', credentials: 'omit', method: 'GET' });
    expect(server.calls[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  test('empty bodies are null, non-JSON bodies undefined', async () => {
    const server = scripted([
      new Response(null, { status: 204 }),
      new Response('<html>oops</html>', { status: 502 }),
    ]);
    const empty = await exchange(REQUEST, { fetch: server.fetch, timeoutMs: 1000 });
    const html = await exchange(REQUEST, { fetch: server.fetch, timeoutMs: 1000 });
    expect(empty.kind === 'answer' && empty.answer.json).toBeNull();
    expect(html.kind === 'answer' && html.answer.json).toBeUndefined();
    expect(html.kind === 'answer' && html.answer.status).toBe(502);
  });

  test('binary-unless-json keeps an image as a Blob and still parses JSON', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff]);
    const server = scripted([
      new Response(jpeg, { status: 200, headers: { 'Content-Type': 'image/jpeg' } }),
      json(202, { status: 'processing' }),
    ]);
    const request = { ...REQUEST, read: 'binary-unless-json' as const };
    const image = await exchange(request, { fetch: server.fetch, timeoutMs: 1000 });
    const pending = await exchange(request, { fetch: server.fetch, timeoutMs: 1000 });
    expect(image.kind === 'answer' && image.answer.binary?.type).toBe('image/jpeg');
    expect(image.kind === 'answer' && image.answer.binary?.size).toBe(3);
    expect(pending.kind === 'answer' && pending.answer).toMatchObject({
      json: { status: 'processing' },
      binary: null,
    });
  });

  test('a fetch failure is a network result, never a throw', async () => {
    const server = scripted([new TypeError('Failed to fetch')]);
    expect(await exchange(REQUEST, { fetch: server.fetch, timeoutMs: 1000 })).toEqual({
      kind: 'network',
      reason: 'Failed to fetch',
      timedOut: false,
    });
  });

  test('a request with no answer is aborted after the timeout', async () => {
    const fetch = ((_url: string, init?: RequestInit) =>
      new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as unknown as typeof globalThis.fetch;
    expect(await exchange(REQUEST, { fetch, timeoutMs: 20 })).toEqual({
      kind: 'network',
      reason: 'no answer within 20 ms',
      timedOut: true,
    });
  });
});

describe('helpers', () => {
  test('backoff doubles, is capped, and jitters ±25 %', () => {
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, () => 0.5))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, () => 0.5)).toBe(10_000);
    expect(backoffDelay(0, () => 0)).toBe(375);
    expect(backoffDelay(0, () => 0.999_999)).toBe(625);
    expect(backoffDelay(1, () => 0.5, 250, 300)).toBe(300);
  });

  test('a seconds header becomes whole seconds in ms; anything else is null', () => {
    const headers = (value: string) => new Headers({ 'Retry-After': value });
    expect(secondsHeaderWaitMs(headers('30'), 'Retry-After')).toBe(30_000);
    expect(secondsHeaderWaitMs(headers('0.2'), 'Retry-After')).toBe(1000);
    expect(secondsHeaderWaitMs(headers('-3'), 'Retry-After')).toBeNull();
    expect(secondsHeaderWaitMs(headers('Wed, 21 Oct 2015 07:28:00 GMT'), 'Retry-After')).toBeNull();
    expect(secondsHeaderWaitMs(new Headers(), 'Retry-After')).toBeNull();
  });

  test('parseJsonBody', () => {
    expect(parseJsonBody('  ')).toBeNull();
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonBody('nope')).toBeUndefined();
  });
});

describe('sendWithRetries', () => {
  test('a 2xx answer ends at once', async () => {
    const server = scripted([json(201, { id: 1 })]);
    const outcome = await sendWithRetries(REQUEST, options(server.fetch));
    expect(outcome).toMatchObject({
      kind: 'answer',
      stoppedBy: 'success',
      attempts: 1,
      answer: { status: 201 },
    });
  });

  test('network errors and 5xx are retried with backoff until success', async () => {
    const clock = fakeClock();
    const server = scripted([new TypeError('reset'), json(503, {}), json(200, { ok: 1 })]);
    const outcome = await sendWithRetries(REQUEST, options(server.fetch, clock));
    expect(outcome).toMatchObject({ stoppedBy: 'success', attempts: 3 });
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  test('4xx other than 429 are not retried', async () => {
    const server = scripted([json(400, { type: 'validation_error' })]);
    const outcome = await sendWithRetries(REQUEST, options(server.fetch));
    expect(outcome).toMatchObject({ stoppedBy: 'not-retryable', attempts: 1, answer: { status: 400 } });
  });

  test('retries are bounded by count: the last answer is returned', async () => {
    const clock = fakeClock();
    const server = scripted([json(500, {}), json(500, {}), json(502, { last: true })]);
    const outcome = await sendWithRetries(REQUEST, options(server.fetch, clock, { maxRetries: 2 }));
    expect(outcome).toMatchObject({
      stoppedBy: 'retries',
      attempts: 3,
      answer: { status: 502, json: { last: true } },
    });
    expect(server.calls).toHaveLength(3);
  });

  test("a 429 waits what the caller reads from the server's header", async () => {
    const clock = fakeClock();
    const server = scripted([json(429, {}, { 'Retry-After': '7' }), json(200, {})]);
    const outcome = await sendWithRetries(
      REQUEST,
      options(server.fetch, clock, {
        requestedWaitMs: (answer) => secondsHeaderWaitMs(answer.headers, 'Retry-After'),
      }),
    );
    expect(outcome.stoppedBy).toBe('success');
    expect(clock.sleeps).toEqual([7000]);
  });

  test('a wait longer than the remaining budget is not slept but returned', async () => {
    const clock = fakeClock();
    const server = scripted([json(429, {}, { 'Retry-After': '120' })]);
    const outcome = await sendWithRetries(
      REQUEST,
      options(server.fetch, clock, {
        budgetMs: 30_000,
        requestedWaitMs: (answer) => secondsHeaderWaitMs(answer.headers, 'Retry-After'),
      }),
    );
    expect(outcome).toMatchObject({ stoppedBy: 'budget', requestedWaitMs: 120_000, answer: { status: 429 } });
    expect(clock.sleeps).toEqual([]);
  });

  test("no wait goes past the caller's remaining time (a save's budget), even within the call's own", async () => {
    const clock = fakeClock();
    const server = scripted([json(503, {}), json(503, {}), json(503, {}), json(200, {})]);
    const left = 1_200;
    const outcome = await sendWithRetries(REQUEST, {
      ...options(server.fetch, clock, { budgetMs: 60_000 }),
      remainingMs: () => left - clock.sleeps.reduce((sum, ms) => sum + ms, 0),
    });
    // 0.5 s fits the 1.2 s left; the next wait (1 s) does not fit the 0.7 s then left.
    expect(outcome).toMatchObject({ stoppedBy: 'budget', attempts: 2 });
    expect(clock.sleeps).toEqual([500]);
  });

  test('a wait the worker would not outlive is returned, not slept: a long reset is never retried early', async () => {
    const clock = fakeClock();
    const server = scripted([json(429, {}, { 'Retry-After': `${MAX_WAIT_IN_PLACE_MS / 1000 + 1}` })]);
    const outcome = await sendWithRetries(
      REQUEST,
      options(server.fetch, clock, {
        budgetMs: 600_000,
        requestedWaitMs: (answer) => secondsHeaderWaitMs(answer.headers, 'Retry-After'),
      }),
    );
    expect(outcome).toMatchObject({ stoppedBy: 'budget', requestedWaitMs: MAX_WAIT_IN_PLACE_MS + 1000 });
    expect(clock.sleeps).toEqual([]);
  });

  test('the budget counts time spent in exchanges too, on the injected clock', async () => {
    const clock = fakeClock();
    const slow = () => {
      clock.advance(4000);
      return Promise.resolve(json(503, {}));
    };
    const server = scripted([slow, slow, slow, slow]);
    const outcome = await sendWithRetries(
      REQUEST,
      options(server.fetch, clock, { budgetMs: 10_000, maxRetries: 10 }),
    );
    // 4 s + 0.5 s wait + 4 s + 1 s wait = 9.5 s; the third wait (2 s) would pass 10 s.
    expect(outcome).toMatchObject({ stoppedBy: 'budget', attempts: 3 });
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  test('non-idempotent requests: network errors and 5xx are final, a 429 is still retried', async () => {
    const policy = { retryNetworkErrors: false, isRetryable: (status: number) => status === 429 };
    const network = await sendWithRetries(
      REQUEST,
      options(scripted([new TypeError('reset')]).fetch, fakeClock(), policy),
    );
    expect(network).toMatchObject({ kind: 'network', stoppedBy: 'not-retryable', attempts: 1 });
    const server = await sendWithRetries(
      REQUEST,
      options(scripted([json(500, {})]).fetch, fakeClock(), policy),
    );
    expect(server).toMatchObject({ stoppedBy: 'not-retryable', attempts: 1 });
    const limited = scripted([json(429, {}), json(201, {})]);
    expect(await sendWithRetries(REQUEST, options(limited.fetch, fakeClock(), policy))).toMatchObject({
      stoppedBy: 'success',
      attempts: 2,
    });
  });

  test('network failures exhaust retries into a network outcome', async () => {
    const server = scripted([new TypeError('a'), new TypeError('b')]);
    const outcome = await sendWithRetries(REQUEST, options(server.fetch, fakeClock(), { maxRetries: 1 }));
    expect(outcome).toMatchObject({ kind: 'network', reason: 'b', stoppedBy: 'retries', attempts: 2 });
  });
});
