import { describe, expect, test } from 'vitest';
import {
  createDatadogClient,
  DatadogApiError,
  type DatadogClientOptions,
} from '@/lib/providers/datadog/client';
import { createBody, SESSION_ID, VIEW_ID } from './fixtures';

type Step = Response | Error | ((init: RequestInit) => Promise<Response>);

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers from a script of steps and records what it was asked. */
function scriptedFetch(steps: Step[]) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    calls.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const step = steps.shift();
    if (step === undefined) throw new Error('unexpected extra request');
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(init) : step;
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function clientWith(steps: Step[], options: Partial<DatadogClientOptions & { apiKey: string }> = {}) {
  const scripted = scriptedFetch(steps);
  const delays: number[] = [];
  const client = createDatadogClient({
    baseUrl: 'https://api.datadoghq.eu/',
    apiKey: 'api-key-1',
    appKey: 'app-key-1',
    fetch: scripted.fetch,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { client, calls: scripted.calls, delays };
}

async function failureOf(promise: Promise<unknown>): Promise<DatadogApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DatadogApiError);
    return error as DatadogApiError;
  }
  throw new Error('expected a failure');
}

const snapshotData = {
  id: 'snap-1',
  type: 'snapshots',
  attributes: {
    snapshot_name: 'Checkout',
    view_name: '/products/?',
    start: 65000,
    org_id: 2,
    unknown: 'dropped',
  },
};

describe('requests', () => {
  test('create: POST with keys, JSON headers and the validated body; response validated', async () => {
    const { client, calls } = clientWith([json(201, { data: snapshotData })]);
    const snapshot = await client.createSnapshot(createBody());
    expect(snapshot).toEqual({
      id: 'snap-1',
      type: 'snapshots',
      attributes: { snapshot_name: 'Checkout', view_name: '/products/?', start: 65000, org_id: 2 },
    });
    expect(calls).toEqual([
      {
        url: 'https://api.datadoghq.eu/api/v2/replay/heatmap/snapshots',
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'DD-API-KEY': 'api-key-1',
          'DD-APPLICATION-KEY': 'app-key-1',
        },
        body: createBody(),
      },
    ]);
  });

  test('list: filters in the query string, array of snapshots', async () => {
    const { client, calls } = clientWith([json(200, { data: [snapshotData, snapshotData] })]);
    const list = await client.listSnapshots({ viewName: '/products/?', deviceType: 'mobile', limit: 50 });
    expect(list.map((snapshot) => snapshot.id)).toEqual(['snap-1', 'snap-1']);
    const url = new URL(calls[0]?.url ?? '');
    expect(url.pathname).toBe('/api/v2/replay/heatmap/snapshots');
    expect([...url.searchParams]).toEqual([
      ['filter[view_name]', '/products/?'],
      ['filter[device_type]', 'mobile'],
      ['page[limit]', '50'],
    ]);
  });

  test('update: PATCH with type, id and attributes; the id is path-encoded', async () => {
    const { client, calls } = clientWith([json(200, { data: snapshotData })]);
    const attributes = {
      event_id: VIEW_ID,
      is_device_type_selected_by_user: true,
      start: 5,
      view_id: VIEW_ID,
    };
    await client.updateSnapshot('a/b', attributes);
    expect(calls[0]).toMatchObject({
      url: 'https://api.datadoghq.eu/api/v2/replay/heatmap/snapshots/a%2Fb',
      method: 'PATCH',
      body: { data: { type: 'snapshots', id: 'a/b', attributes } },
    });
  });

  test('delete: 204 with no body', async () => {
    const { client, calls } = clientWith([new Response(null, { status: 204 })]);
    await expect(client.deleteSnapshot('snap-1')).resolves.toBeUndefined();
    expect(calls[0]?.method).toBe('DELETE');
    expect(calls[0]?.headers['Content-Type']).toBeUndefined();
  });

  test('segments: the raw JSON, with the query parameters given', async () => {
    const body = { data: { segments: [] } };
    const { client, calls } = clientWith([json(200, body)]);
    expect(
      await client.getSegments({ sessionId: SESSION_ID, viewId: VIEW_ID, paging: 'tok', ts: 7 }),
    ).toEqual(body);
    expect(calls[0]?.url).toBe(
      `https://api.datadoghq.eu/api/v2/rum/replay/sessions/${SESSION_ID}/views/${VIEW_ID}/segments?ts=7&paging=tok`,
    );
  });

  test('key validation endpoints', async () => {
    const { client, calls } = clientWith([json(200, { valid: true }), json(200, { status: 'ok' })]);
    expect(await client.validateApiKey()).toBe(true);
    expect(await client.validateKeys()).toBe(true);
    expect(calls.map((call) => new URL(call.url).pathname)).toEqual([
      '/api/v1/validate',
      '/api/v2/validate_keys',
    ]);
    // Checking the API key alone sends the API key alone.
    const sent = calls.map((call) => new Headers(call.headers));
    expect(sent.map((headers) => headers.has('DD-APPLICATION-KEY'))).toEqual([false, true]);
    expect(sent.map((headers) => headers.has('DD-API-KEY'))).toEqual([true, true]);
  });

  test('an invalid request body is refused before sending, with a sentence', async () => {
    const { client, calls } = clientWith([]);
    const body = createBody();
    body.data.attributes.snapshot_name = '   ';
    const error = await failureOf(client.createSnapshot(body));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toBe(
      'The snapshot is not valid (data.attributes.snapshot_name): Snapshot name is empty.',
    );
    expect(calls).toEqual([]);
  });

  test('responses that do not match the schema → bad-response', async () => {
    const { client } = clientWith([
      json(201, { data: { id: 'x', type: 'not-snapshots' } }),
      new Response('<html>proxy error page</html>', { status: 200 }),
      json(200, { valid: 'yes' }),
    ]);
    const wrongShape = await failureOf(client.createSnapshot(createBody()));
    expect(wrongShape.kind).toBe('bad-response');
    expect(wrongShape.message).toBe('Datadog answered with a snapshot this extension does not understand.');
    expect((await failureOf(client.listSnapshots({ viewName: '/' }))).kind).toBe('bad-response');
    expect((await failureOf(client.validateApiKey())).kind).toBe('bad-response');
  });
});

describe('retries', () => {
  test('429 waits X-RateLimit-Reset seconds, then succeeds', async () => {
    const { client, calls, delays } = clientWith([
      json(429, { errors: ['Rate limit exceeded'] }, { 'X-RateLimit-Reset': '2' }),
      json(429, { errors: ['Rate limit exceeded'] }, { 'X-RateLimit-Reset': '7' }),
      json(200, { data: [] }),
    ]);
    expect(await client.listSnapshots({ viewName: '/' })).toEqual([]);
    expect(delays).toEqual([2000, 7000]);
    expect(calls).toHaveLength(3);
  });

  test('429 waits what X-RateLimit-Reset says; without a usable header, exponential backoff', async () => {
    const { client, delays } = clientWith([
      json(429, {}, { 'X-RateLimit-Reset': '12' }),
      json(429, {}),
      json(429, {}, { 'X-RateLimit-Reset': 'soon' }),
      json(200, { data: [] }),
    ]);
    await client.listSnapshots({ viewName: '/' });
    expect(delays).toEqual([12_000, 1000, 2000]);
  });

  test('a reset of an hour is never retried early: the error says how long Datadog asks to wait', async () => {
    const { client, calls, delays } = clientWith([json(429, {}, { 'X-RateLimit-Reset': '3600' })]);
    const error = await failureOf(client.listSnapshots({ viewName: '/' }));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 3_600_000 });
    expect(error.message).toContain('Datadog asks us to wait 3600 s.');
    expect(calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  test('429 after all retries → rate-limited', async () => {
    const limited = () => json(429, { errors: ['Too many requests'] }, { 'X-RateLimit-Reset': '1' });
    const { client, calls } = clientWith([limited(), limited(), limited(), limited()]);
    const error = await failureOf(client.listSnapshots({ viewName: '/' }));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(error.message).toBe(
      'Datadog is rate-limiting these requests (429). Datadog asks us to wait 1 s. Datadog said: Too many requests',
    );
    expect(calls).toHaveLength(4);
  });

  test('5xx: exponential backoff with jitter, at most 3 retries', async () => {
    const { client, calls, delays } = clientWith([
      json(500, {}),
      json(502, {}),
      json(503, {}),
      json(504, {}),
    ]);
    const error = await failureOf(client.listSnapshots({ viewName: '/' }));
    expect(error).toMatchObject({ kind: 'server', status: 504 });
    expect(error.message).toBe('Datadog had a server error (504). Try again in a few minutes.');
    expect(calls).toHaveLength(4);
    expect(delays).toEqual([500, 1000, 2000]);
  });

  test('a create is sent once on a 5xx or a lost answer (it may have been stored), and retried on 429', async () => {
    const server = clientWith([json(503, {})]);
    expect(await failureOf(server.client.createSnapshot(createBody()))).toMatchObject({ kind: 'server' });
    expect(server.calls).toHaveLength(1);

    const lost = clientWith([new TypeError('Failed to fetch')]);
    expect(await failureOf(lost.client.createSnapshot(createBody()))).toMatchObject({ kind: 'network' });
    expect(lost.calls).toHaveLength(1);

    const limited = clientWith([json(429, {}), json(201, { data: snapshotData })]);
    expect((await limited.client.createSnapshot(createBody())).id).toBe('snap-1');
    expect(limited.calls).toHaveLength(2);
  });

  test('jitter spreads the backoff by ±25 %', async () => {
    const low = clientWith([json(500, {}), json(200, { data: [] })], { random: () => 0 });
    await low.client.listSnapshots({ viewName: '/' });
    const high = clientWith([json(500, {}), json(200, { data: [] })], { random: () => 0.999999 });
    await high.client.listSnapshots({ viewName: '/' });
    expect([low.delays, high.delays]).toEqual([[375], [625]]);
  });

  test('a 5xx then success is transparent', async () => {
    const { client, delays } = clientWith([json(503, {}), json(200, { data: [snapshotData] })]);
    expect((await client.listSnapshots({ viewName: '/' }))[0]?.id).toBe('snap-1');
    expect(delays).toEqual([500]);
  });

  test('network errors are retried, then reported with the host', async () => {
    const failure = () => new TypeError('Failed to fetch');
    const { client, calls, delays } = clientWith([failure(), failure(), failure(), failure()]);
    const error = await failureOf(client.validateKeys());
    expect(error).toMatchObject({ kind: 'network', status: undefined });
    expect(error.message).toBe('Could not reach api.datadoghq.eu: Failed to fetch.');
    expect(calls).toHaveLength(4);
    expect(delays).toEqual([500, 1000, 2000]);
  });

  test('maxRetries 0 tries once', async () => {
    const { client, calls } = clientWith([json(503, {})], { maxRetries: 0 });
    expect((await failureOf(client.validateApiKey())).kind).toBe('server');
    expect(calls).toHaveLength(1);
  });

  test('a request that does not answer in time is aborted and reported', async () => {
    const hang = (init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const { client } = clientWith([hang], { timeoutMs: 20, maxRetries: 0 });
    const error = await failureOf(client.validateApiKey());
    expect(error.kind).toBe('network');
    expect(error.message).toBe('Could not reach api.datadoghq.eu: no answer within 20 ms.');
  });
});

describe('errors that are not retried', () => {
  test('403 → auth, once, with the options hint', async () => {
    const { client, calls, delays } = clientWith([json(403, { errors: ['Forbidden'] })]);
    const error = await failureOf(client.listSnapshots({ viewName: '/' }));
    expect(error).toMatchObject({ kind: 'auth', status: 403 });
    expect(error.message).toBe(
      'Datadog refused the API or application key (403). Check them in the extension options. Datadog said: Forbidden',
    );
    expect(calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  test('401 without a body → auth', async () => {
    const { client } = clientWith([new Response('', { status: 401 })]);
    const error = await failureOf(client.validateApiKey());
    expect(error.message).toBe(
      'Datadog refused the API or application key (401). Check them in the extension options.',
    );
  });

  test('400 with string errors → bad-request quoting the first errors', async () => {
    const { client, calls } = clientWith([
      json(400, { errors: ['view_name is required', 'start must be >= 0', 'third', 'fourth is not shown'] }),
    ]);
    const error = await failureOf(client.createSnapshot(createBody()));
    expect(error).toMatchObject({ kind: 'bad-request', status: 400 });
    expect(error.message).toBe(
      'Datadog rejected the request: view_name is required; start must be >= 0; third',
    );
    expect(calls).toHaveLength(1);
  });

  test('400 with JSON:API error objects', async () => {
    const { client } = clientWith([
      json(400, {
        errors: [
          { status: '400', title: 'Bad Request', detail: 'invalid device_type' },
          { status: '400', detail: 'invalid start' },
          { status: '422' },
        ],
      }),
    ]);
    const error = await failureOf(client.createSnapshot(createBody()));
    expect(error.message).toBe(
      'Datadog rejected the request: Bad Request: invalid device_type; invalid start; 422',
    );
  });

  test('error details are bounded', async () => {
    const { client } = clientWith([json(422, { errors: ['x'.repeat(5000)] })]);
    const error = await failureOf(client.createSnapshot(createBody()));
    expect(error.message.length).toBeLessThan(260);
    expect(error.status).toBe(422);
  });

  test('404 → not-found, once', async () => {
    const { client, calls } = clientWith([json(404, { errors: ['Not found'] })]);
    const error = await failureOf(client.getSegments({ sessionId: SESSION_ID, viewId: VIEW_ID }));
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
    expect(error.message).toBe('Datadog found no replay segments (404). Datadog said: Not found');
    expect(calls).toHaveLength(1);
  });
});

describe('what the shared HTTP core adds', () => {
  test('a redirect is refused: the keys never reach the redirect target, and no cookies go', async () => {
    const inits: RequestInit[] = [];
    const keysSentTo: string[] = [];
    // Like the browser: `redirect: 'error'` turns a 3xx into a TypeError; otherwise it follows,
    // sending the same headers to the new place.
    const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
      inits.push(init);
      const headers = init.headers as Record<string, string>;
      keysSentTo.push(
        `${new URL(String(input)).host} ${headers['DD-API-KEY']} ${headers['DD-APPLICATION-KEY']}`,
      );
      if (init.redirect === 'error') throw new TypeError('Failed to fetch');
      keysSentTo.push(`elsewhere.example ${headers['DD-API-KEY']} ${headers['DD-APPLICATION-KEY']}`);
      return json(200, { valid: true });
    };
    const client = createDatadogClient({
      baseUrl: 'https://api.datadoghq.eu',
      apiKey: 'api-key-1',
      appKey: 'app-key-1',
      fetch: fetch as typeof globalThis.fetch,
      sleep: async () => undefined,
      maxRetries: 0,
    });
    const error = await failureOf(client.validateKeys());
    expect(error.kind).toBe('network');
    expect(error.message).toBe('Could not reach api.datadoghq.eu: Failed to fetch.');
    expect(keysSentTo).toEqual(['api.datadoghq.eu api-key-1 app-key-1']);
    expect(inits.map(({ redirect, credentials }) => ({ redirect, credentials }))).toEqual([
      { redirect: 'error', credentials: 'omit' },
    ]);
  });

  test('a rate-limit wait that would overrun the time budget is not slept', async () => {
    let clock = 0;
    const limited = () => json(429, { errors: ['Too many requests'] }, { 'X-RateLimit-Reset': '20' });
    const { client, calls, delays } = clientWith([limited(), limited(), json(200, { data: [] })], {
      now: () => clock,
      sleep: async (ms) => {
        delays.push(ms);
        clock += ms;
      },
      budgetMs: 30_000,
    });
    const error = await failureOf(client.listSnapshots({ viewName: '/' }));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 20_000 });
    expect(calls).toHaveLength(2);
    expect(delays).toEqual([20_000]);
  });
});
