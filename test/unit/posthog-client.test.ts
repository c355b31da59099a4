import { describe, expect, test } from 'vitest';
import {
  createPosthogClient,
  type PosthogClientOptions,
  WRITE_CHECK_SHORT_ID,
} from '@/lib/providers/posthog/client';
import { PosthogApiError } from '@/lib/providers/posthog/errors';

/**
 * The PostHog client against a fake that behaves as `shared/reference/posthog-api.md` says:
 * Bearer personal keys with scopes, `/api/projects/{id}/saved/…`, 201 on create, soft delete by
 * PATCH, 202 while rendering then 200 `image/jpeg`, error bodies `{type, code, detail, attr}`,
 * 429 with `Retry-After`.
 */

const BASE = 'https://eu.posthog.com';
const PROJECT = '123';
const TOKEN = 'phc_realLikeToken0123456789abcdefghijklmnopq';
const HEATMAP_ID = '0197a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
const KEYS: Record<string, string[]> = {
  phx_full: ['heatmap:read', 'heatmap:write', 'project:read'],
  phx_read: ['heatmap:read'],
};

interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  init: RequestInit;
}

function errorBody(status: number, type: string, code: string, detail: string, attr: string | null = null) {
  return new Response(JSON.stringify({ type, code, detail, attr }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function heatmap(overrides: Record<string, unknown> = {}) {
  return {
    id: HEATMAP_ID,
    short_id: 'aBc123',
    name: 'Pricing',
    url: 'https://shop.example/pricing',
    data_url: null,
    target_widths: [1024],
    type: 'screenshot',
    status: 'processing',
    has_content: false,
    snapshots: [{ width: 1024, has_content: false }],
    deleted: false,
    created_by: { id: 1, email: 'a@b.example' },
    created_at: '2026-08-01T10:00:00Z',
    updated_at: '2026-08-01T10:00:00Z',
    exception: null,
    source: 'server',
    ...overrides,
  };
}

/** A PostHog as the reference describes; `faults` are answered first, in order. */
function fakePosthog(faults: Array<() => Response | Promise<Response>> = []) {
  const requests: Recorded[] = [];
  let stored = heatmap();
  let contentPolls = 0;
  const handle = async (method: string, url: URL, headers: Headers, body: unknown): Promise<Response> => {
    const fault = faults.shift();
    if (fault) return fault();
    const key = /^Bearer (.+)$/.exec(headers.get('Authorization') ?? '')?.[1] ?? '';
    const scopes = KEYS[key];
    if (!scopes)
      return errorBody(401, 'authentication_error', 'authentication_failed', 'Invalid personal API key.');
    const need = (scope: string) =>
      scopes.includes(scope)
        ? null
        : errorBody(
            403,
            'authentication_error',
            'permission_denied',
            `API key missing required scope '${scope}'`,
          );
    if (url.pathname === '/api/projects/') {
      return (
        need('project:read') ??
        jsonResponse(200, {
          count: 2,
          next: null,
          results: [
            { id: 7, name: 'Other', api_token: 'phc_other0123456789' },
            { id: 123, name: 'Shop', api_token: TOKEN },
          ],
        })
      );
    }
    const match = /^\/api\/projects\/(\d+)\/(.*)$/.exec(url.pathname);
    if (!match || match[1] !== PROJECT) return errorBody(404, 'invalid_request', 'not_found', 'Not found.');
    const rest = match[2] ?? '';
    const write = method !== 'GET';
    const denied = need(write ? 'heatmap:write' : 'heatmap:read');
    if (denied) return denied;
    if (rest === 'saved/' && method === 'GET') return jsonResponse(200, { count: 1, results: [stored] });
    if (rest === 'saved/' && method === 'POST') {
      const fields = body as Record<string, unknown>;
      if (typeof fields.url !== 'string')
        return errorBody(400, 'validation_error', 'required', 'This field is required.', 'url');
      stored = heatmap({ url: fields.url, name: fields.name ?? null, target_widths: fields.widths ?? null });
      return jsonResponse(201, stored);
    }
    if (rest === 'saved/capture/' && method === 'POST') {
      const form = body as FormData;
      // heatmaps_api.py: repeated `images`/`widths` (or indexed); `images[]` is never read.
      if (form.getAll('images').length === 0 || form.getAll('widths').length === 0) {
        return errorBody(400, 'validation_error', 'invalid', "Provide 'image'+'width' or 'images'+'widths'.");
      }
      stored = heatmap({
        url: form.get('url'),
        data_url: form.get('url'),
        name: form.get('name') || form.get('url'),
        source: 'toolbar',
        status: 'completed',
        has_content: true,
      });
      return jsonResponse(201, stored);
    }
    if (rest === `saved/${stored.short_id}/` && method === 'GET') return jsonResponse(200, stored);
    if (rest === `saved/${stored.short_id}/` && method === 'PATCH') {
      stored = { ...stored, ...(body as object) };
      return jsonResponse(200, stored);
    }
    if (rest === `saved/${stored.short_id}/` && method === 'DELETE') {
      return errorBody(405, 'invalid_request', 'method_not_allowed', 'Method "DELETE" not allowed.');
    }
    if (rest === `saved/${stored.short_id}/regenerate/`) {
      if (stored.source === 'toolbar') {
        return jsonResponse(400, {
          error: "Toolbar-captured heatmaps can't be re-rendered on the server; re-capture from the toolbar",
        });
      }
      return jsonResponse(200, heatmap({ status: 'processing' }));
    }
    if (rest === `heatmap_screenshots/${HEATMAP_ID}/content/`) {
      if (stored.deleted) return errorBody(404, 'invalid_request', 'not_found', 'Not found.');
      const width = Number(url.searchParams.get('width') ?? '1024');
      if (!Number.isInteger(width) || width < 100)
        return errorBody(400, 'validation_error', 'invalid', 'Bad width.', 'width');
      contentPolls += 1;
      if (contentPolls < 2) return jsonResponse(202, stored);
      return new Response(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), {
        status: 200,
        headers: { 'Content-Type': 'image/jpeg' },
      });
    }
    return errorBody(404, 'invalid_request', 'not_found', 'Not found.');
  };
  const fetch = (async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const body =
      init.body instanceof FormData
        ? init.body
        : typeof init.body === 'string'
          ? JSON.parse(init.body)
          : undefined;
    const method = init.method ?? 'GET';
    requests.push({ method, url, headers, body, init });
    return handle(method, url, headers, body);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, requests };
}

function clientWith(server: ReturnType<typeof fakePosthog>, overrides: Partial<PosthogClientOptions> = {}) {
  const sleeps: number[] = [];
  let now = 0;
  const client = createPosthogClient({
    baseUrl: `${BASE}/`,
    apiKey: 'phx_full',
    projectId: PROJECT,
    fetch: server.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    now: () => now,
    random: () => 0.5,
    ...overrides,
  });
  return { client, sleeps };
}

async function failureOf(promise: Promise<unknown>): Promise<PosthogApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof PosthogApiError))
    throw new Error(`expected a PosthogApiError, got ${String(error)}`);
  return error;
}

describe('createPosthogClient', () => {
  test('sends the key as a Bearer token to the project path, without cookies or redirects', async () => {
    const server = fakePosthog();
    const { client } = clientWith(server);
    const list = await client.listSavedHeatmaps({ search: 'pricing', limit: 5 });
    expect(list.count).toBe(1);
    const request = server.requests[0];
    expect(request?.url.href).toBe(`${BASE}/api/projects/123/saved/?search=pricing&limit=5`);
    expect(request?.headers.get('Authorization')).toBe('Bearer phx_full');
    expect(request?.init).toMatchObject({ credentials: 'omit', redirect: 'error' });
  });

  test('lists projects at /api/projects/', async () => {
    const server = fakePosthog();
    const projects = await clientWith(server).client.listProjects();
    expect(projects.map((project) => project.id)).toEqual([7, 123]);
    expect(server.requests[0]?.url.pathname).toBe('/api/projects/');
  });

  test('creates with a validated JSON body and answers the saved heatmap', async () => {
    const server = fakePosthog();
    const created = await clientWith(server).client.createSavedHeatmap({
      url: 'https://shop.example/pricing',
      name: 'Pricing',
      widths: [1024, 375],
      type: 'screenshot',
    });
    expect(created).toMatchObject({ short_id: 'aBc123', target_widths: [1024, 375], status: 'processing' });
    expect(server.requests[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(server.requests[0]?.body).toEqual({
      url: 'https://shop.example/pricing',
      name: 'Pricing',
      widths: [1024, 375],
      type: 'screenshot',
    });
  });

  test.each([
    [{ url: 'https://shop.example/*' }, 'url'],
    [{ url: 'javascript:alert(1)' }, 'url'],
    [{ url: 'https://shop.example/', widths: [99] }, 'widths.0'],
    [{ url: 'https://shop.example/', widths: Array.from({ length: 17 }, (_, i) => 100 + i) }, 'widths'],
    [{ url: 'https://shop.example/', widths: [375, 375] }, 'widths'],
    [{ url: 'https://shop.example/', type: 'video' }, 'type'],
  ])('refuses an invalid create request %o before sending', async (body, path) => {
    const server = fakePosthog();
    const error = await failureOf(clientWith(server).client.createSavedHeatmap(body as never));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain(`(${path})`);
    expect(server.requests).toHaveLength(0);
  });

  test('get, rename and soft delete by PATCH (never DELETE)', async () => {
    const server = fakePosthog();
    const { client } = clientWith(server);
    expect((await client.getSavedHeatmap('aBc123')).name).toBe('Pricing');
    expect((await client.updateSavedHeatmap('aBc123', { name: 'Plans' })).name).toBe('Plans');
    await client.deleteSavedHeatmap('aBc123');
    const methods = server.requests.map((request) => `${request.method} ${request.url.pathname}`);
    expect(methods).toEqual([
      'GET /api/projects/123/saved/aBc123/',
      'PATCH /api/projects/123/saved/aBc123/',
      'PATCH /api/projects/123/saved/aBc123/',
    ]);
    expect(server.requests[2]?.body).toEqual({ deleted: true });
  });

  test('an empty or unknown patch, and a short id with path characters, are refused before sending', async () => {
    const server = fakePosthog();
    const { client } = clientWith(server);
    expect((await failureOf(client.updateSavedHeatmap('aBc123', {}))).kind).toBe('bad-request');
    expect((await failureOf(client.updateSavedHeatmap('aBc123', { url: 'x' } as never))).kind).toBe(
      'bad-request',
    );
    expect((await failureOf(client.getSavedHeatmap('../../users'))).kind).toBe('bad-request');
    expect(server.requests).toHaveLength(0);
  });

  test('regenerate reads the heatmap, then posts to regenerate/ and answers the heatmap', async () => {
    const server = fakePosthog();
    const regenerated = await clientWith(server).client.regenerateSavedHeatmap('aBc123');
    expect(regenerated.status).toBe('processing');
    expect(server.requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'GET /api/projects/123/saved/aBc123/',
      'POST /api/projects/123/saved/aBc123/regenerate/',
    ]);
  });

  test('regenerate with an empty answer reads the heatmap back', async () => {
    const server = fakePosthog([
      () => jsonResponse(200, heatmap()),
      () => new Response(null, { status: 202 }),
    ]);
    const regenerated = await clientWith(server).client.regenerateSavedHeatmap('aBc123');
    expect(regenerated.short_id).toBe('aBc123');
    expect(server.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'GET']);
  });

  test('a captured heatmap (source toolbar) is never sent to regenerate/: refused with a sentence', async () => {
    const server = fakePosthog([() => jsonResponse(200, heatmap({ source: 'toolbar', name: 'Account' }))]);
    const error = await failureOf(clientWith(server).client.regenerateSavedHeatmap('aBc123'));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toBe(
      '“Account” was captured in the browser: PostHog cannot render it again. Save the page again instead.',
    );
    expect(server.requests.map((request) => request.method)).toEqual(['GET']);
  });

  test('a bare {"error"} 400 is shown as a sentence', async () => {
    const server = fakePosthog([
      () => jsonResponse(200, heatmap()),
      () => jsonResponse(400, { error: 'Only screenshot heatmaps can be regenerated' }),
    ]);
    const error = await failureOf(clientWith(server).client.regenerateSavedHeatmap('aBc123'));
    expect(error).toMatchObject({ kind: 'bad-request', details: { status: 400 } });
    expect(error.message).toBe(
      'PostHog refused the saved heatmap (400). PostHog said: Only screenshot heatmaps can be regenerated.',
    );
  });

  const jpeg = (bytes: number) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
  const image = (width: number, bytes = 3, pixelHeight = 800) => ({
    width,
    pixelWidth: width,
    pixelHeight,
    jpeg: jpeg(bytes),
  });

  test('uploadCapture sends repeated `images` and `widths` (PostHog’s names, never `images[]`) in pairs, and no data_url', async () => {
    const server = fakePosthog();
    const saved = await clientWith(server).client.uploadCapture({
      url: 'https://shop.example/account',
      name: 'Account (logged in)',
      images: [image(1440, 10), image(375, 5)],
    });
    expect(saved).toMatchObject({ status: 'completed', source: 'toolbar' });
    const request = server.requests[0];
    expect(request?.url.pathname).toBe('/api/projects/123/saved/capture/');
    expect(request?.headers.get('Content-Type')).toBeNull();
    const form = request?.body as FormData;
    expect([...form.keys()]).toEqual(['url', 'name', 'images', 'widths', 'images', 'widths']);
    expect(form.get('url')).toBe('https://shop.example/account');
    expect(form.getAll('widths')).toEqual(['1440', '375']);
    expect(form.getAll('images').map((file) => (file as File).size)).toEqual([10, 5]);
  });

  const MB = 1024 * 1024;
  const big = (bytes: number) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
  test.each([
    ['a PNG', [{ ...image(1024), jpeg: new Blob([new Uint8Array(3)], { type: 'image/png' }) }], 'JPEG'],
    ['a repeated width', [image(1024), image(1024)], 'same width'],
    ['17 widths', Array.from({ length: 17 }, (_, i) => image(200 + i)), 'At most 16'],
    ['a width of 99', [image(99)], 'at least 100'],
    ['a width of 3001', [image(3001)], 'at most 3000'],
    [
      'an image over 20 MB',
      [{ ...image(1024), jpeg: new Blob([new Uint8Array(20 * MB + 1)], { type: 'image/jpeg' }) }],
      '20 MB',
    ],
    ['an image 4001 px wide', [{ ...image(1024), pixelWidth: 4001 }], '4000 px wide'],
    ['an image 30001 px tall', [image(1024, 3, 30_001)], '30000 px tall'],
    ['an image over 50 megapixels', [{ ...image(1024, 3, 12_501), pixelWidth: 4000 }], '50 megapixels'],
    [
      'images over 60 MB together',
      [1, 2, 3, 4].map((i) => ({ ...image(1000 + i), jpeg: big(16 * MB) })),
      '60 MB',
    ],
  ])('uploadCapture refuses %s before sending, with a sentence', async (_, images, words) => {
    const server = fakePosthog();
    const error = await failureOf(
      clientWith(server).client.uploadCapture({ url: 'https://shop.example/', name: 'x', images } as never),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain(words);
    expect(server.requests).toHaveLength(0);
  });

  test.each([
    ['a query', 'https://shop.example/a?b=1'],
    ['a fragment', 'https://shop.example/a#b'],
    ['parentheses', 'https://shop.example/a(b)'],
    ['a *', 'https://shop.example/*'],
    ['2001 characters', `https://shop.example/${'a'.repeat(2001 - 21)}`],
  ])(
    'a page url with %s is never sent (PostHog refuses it): create and upload refuse it first',
    async (_, url) => {
      const server = fakePosthog();
      const { client } = clientWith(server);
      expect((await failureOf(client.createSavedHeatmap({ url }))).kind).toBe('bad-request');
      expect((await failureOf(client.uploadCapture({ url, name: 'x', images: [image(1024)] }))).kind).toBe(
        'bad-request',
      );
      expect(server.requests).toHaveLength(0);
    },
  );

  test('a name over 400 characters is refused before sending', async () => {
    const server = fakePosthog();
    const error = await failureOf(
      clientWith(server).client.uploadCapture({
        url: 'https://shop.example/',
        name: 'n'.repeat(401),
        images: [image(1024)],
      }),
    );
    expect(error.kind).toBe('bad-request');
    expect(server.requests).toHaveLength(0);
  });

  test('screenshot content: 202 is rendering with the heatmap, 200 is the JPEG', async () => {
    const server = fakePosthog();
    const { client } = clientWith(server);
    const first = await client.getScreenshotContent(HEATMAP_ID, 1024);
    expect(first).toMatchObject({ state: 'rendering', heatmap: { status: 'processing' } });
    const second = await client.getScreenshotContent(HEATMAP_ID, 1024);
    expect(second.state).toBe('ready');
    expect(second.state === 'ready' && second.image.size).toBe(4);
    expect(server.requests[0]?.url.search).toBe('?width=1024');
  });

  test('screenshot content of a deleted heatmap is not-found; a 200 that is not a JPEG is a bad response', async () => {
    const server = fakePosthog([
      () => new Response('<html></html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    ]);
    const { client } = clientWith(server);
    expect((await failureOf(client.getScreenshotContent(HEATMAP_ID, 1024))).kind).toBe('bad-response');
    await client.deleteSavedHeatmap('aBc123');
    expect((await failureOf(client.getScreenshotContent(HEATMAP_ID, 1024))).kind).toBe('not-found');
    expect((await failureOf(client.getScreenshotContent('not-a-uuid', 1024))).kind).toBe('bad-request');
  });

  test('errors are tagged by status, with sentences a person can act on', async () => {
    const bad = await failureOf(
      clientWith(fakePosthog(), { apiKey: 'phx_wrong' }).client.listSavedHeatmaps(),
    );
    expect(bad).toMatchObject({ kind: 'auth', details: { status: 401, code: 'authentication_failed' } });
    expect(bad.message).toContain('personal API key');

    const scope = await failureOf(
      clientWith(fakePosthog(), { apiKey: 'phx_read' }).client.createSavedHeatmap({
        url: 'https://a.example/',
      }),
    );
    expect(scope).toMatchObject({ kind: 'scope', details: { status: 403, code: 'permission_denied' } });
    expect(scope.message).toContain('heatmap:write');

    const project = await failureOf(
      clientWith(fakePosthog(), { projectId: '999' }).client.listSavedHeatmaps(),
    );
    expect(project).toMatchObject({ kind: 'not-found', details: { status: 404 } });
  });

  test('a 400 validation_error carries attr, and attr outside the field alphabet is dropped', async () => {
    const server = fakePosthog([
      () => errorBody(400, 'validation_error', 'invalid_input', 'Enter a valid URL.', 'data_url'),
      () => errorBody(400, 'validation_error', 'invalid_input', 'x', '<script>'),
    ]);
    const { client } = clientWith(server);
    const first = await failureOf(client.createSavedHeatmap({ url: 'https://a.example/' }));
    expect(first).toMatchObject({
      kind: 'bad-request',
      details: { attr: 'data_url', type: 'validation_error' },
    });
    expect(first.message).toBe(
      'PostHog refused the saved heatmap (field data_url) (400). PostHog said: Enter a valid URL.',
    );
    const second = await failureOf(client.createSavedHeatmap({ url: 'https://a.example/' }));
    expect(second.details.attr).toBeUndefined();
  });

  test('429 waits Retry-After, then succeeds', async () => {
    const limited = fakePosthog([
      () =>
        new Response('{}', {
          status: 429,
          headers: { 'Retry-After': '3', 'Content-Type': 'application/json' },
        }),
    ]);
    const { client, sleeps } = clientWith(limited);
    await client.listSavedHeatmaps();
    expect(sleeps).toEqual([3000]);
  });

  test('a Retry-After past the budget is not slept: rate-limited at once, with the wait in the sentence', async () => {
    const limited = fakePosthog([
      () =>
        new Response('{}', {
          status: 429,
          headers: { 'Retry-After': '300', 'Content-Type': 'application/json' },
        }),
    ]);
    const { client, sleeps } = clientWith(limited, { budgetMs: 30_000 });
    const error = await failureOf(client.listSavedHeatmaps());
    expect(error).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 300_000 } });
    expect(error.message).toContain('300 s');
    expect(sleeps).toEqual([]);
  });

  test('reads retry 5xx and network errors; creates do not (they might have been processed)', async () => {
    const flaky = fakePosthog([
      () => errorBody(502, 'server_error', 'error', 'Bad gateway'),
      () => Promise.reject(new TypeError('reset')),
    ]);
    const { client, sleeps } = clientWith(flaky);
    await client.listSavedHeatmaps();
    expect(sleeps).toEqual([500, 1000]);

    const createFlaky = fakePosthog([() => errorBody(500, 'server_error', 'error', 'Oops')]);
    const error = await failureOf(
      clientWith(createFlaky).client.createSavedHeatmap({ url: 'https://a.example/' }),
    );
    expect(error.kind).toBe('server');
    expect(createFlaky.requests).toHaveLength(1);

    const down = fakePosthog([() => Promise.reject(new TypeError('Failed to fetch'))]);
    const network = await failureOf(
      clientWith(down).client.createSavedHeatmap({ url: 'https://a.example/' }),
    );
    expect(network.kind).toBe('network');
    expect(network.message).toBe('Could not reach eu.posthog.com: Failed to fetch.');
  });

  test('a 2xx body that is not the documented shape is a bad response', async () => {
    const server = fakePosthog([() => jsonResponse(200, { results: 'nope' })]);
    const error = await failureOf(clientWith(server).client.listSavedHeatmaps());
    expect(error.kind).toBe('bad-response');
  });

  test('without a project id only listProjects works', async () => {
    const server = fakePosthog();
    const { client } = clientWith(server, { projectId: '' });
    expect(await client.listProjects()).toHaveLength(2);
    expect((await failureOf(client.listSavedHeatmaps())).kind).toBe('bad-request');
  });

  test('checkWriteScope PATCHes a short id that cannot exist: 404 is granted, 403 denied; no create is ever sent', async () => {
    const server = fakePosthog();
    expect(await clientWith(server).client.checkWriteScope()).toBe('granted');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'PATCH', body: {} });
    expect(server.requests[0]?.url.pathname).toBe(`/api/projects/123/saved/${WRITE_CHECK_SHORT_ID}/`);
    // SavedHeatmap.short_id is CharField(max_length=12): a longer one cannot exist.
    expect(WRITE_CHECK_SHORT_ID.length).toBeGreaterThan(12);
    const read = fakePosthog();
    expect(await clientWith(read, { apiKey: 'phx_read' }).client.checkWriteScope()).toBe('denied');
    const error = await failureOf(clientWith(fakePosthog(), { apiKey: 'phx_nope' }).client.checkWriteScope());
    expect(error.kind).toBe('auth');
    expect([...server.requests, ...read.requests].some((request) => request.method === 'POST')).toBe(false);
  });

  test('checkWriteScope: a 2xx for the impossible heatmap is not taken as proof', async () => {
    const server = fakePosthog([() => jsonResponse(200, heatmap())]);
    expect((await failureOf(clientWith(server).client.checkWriteScope())).kind).toBe('bad-response');
  });
});
