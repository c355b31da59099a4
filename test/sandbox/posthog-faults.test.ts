import { expect, test } from 'vitest';
import { api } from './helpers';
import { expectError, ph, projectPath, solidJpeg, uploadForm, usePostHogSandbox } from './posthog-helpers';

/** Faults on demand (the `posthog` fault set) and the real per-key rate limit of the PostHog API. */

const list = (sandbox: Awaited<ReturnType<typeof usePostHogSandbox>>, key?: string) =>
  ph(sandbox, projectPath(sandbox, 'saved/'), key === undefined ? {} : { key });

test('posthog.rateLimit fault (set through /_admin/faults): 429 throttled with Retry-After, then recovers', async () => {
  const sandbox = await usePostHogSandbox();
  const set = await fetch(`${sandbox.url}/_admin/faults`, {
    method: 'POST',
    body: JSON.stringify({ posthog: { rateLimit: { count: 2, resetSeconds: 7 } } }),
  });
  expect(set.status).toBe(200);
  for (let i = 0; i < 2; i++) {
    const limited = await list(sandbox);
    expectError(limited, 429, 'throttled');
    expect(limited.json.type).toBe('throttled_error');
    expect(limited.headers.get('retry-after')).toBe('7');
  }
  expect((await list(sandbox)).status).toBe(200);
});

test('PostHog and Datadog fault sets are separate', async () => {
  const sandbox = await usePostHogSandbox();
  sandbox.setFaults({ serverError: { count: 5 } });
  expect((await list(sandbox)).status).toBe(200);
  sandbox.setFaults({ posthog: { serverError: { count: 1, status: 503 } } });
  expect((await api(sandbox, '/api/v2/validate_keys')).status).toBe(200);
  const failed = await list(sandbox);
  expectError(failed, 503, 'error');
  expect(failed.json.type).toBe('server_error');
  expect((await list(sandbox)).status).toBe(200);
});

test('dropConnection, malformedJson and latencyMs hit PostHog API answers', async () => {
  const sandbox = await usePostHogSandbox();
  sandbox.setFaults({ posthog: { dropConnection: { count: 1 } } });
  await expect(list(sandbox)).rejects.toThrow();
  sandbox.setFaults({ posthog: { malformedJson: { count: 1 } } });
  const malformed = await fetch(`${sandbox.url}${projectPath(sandbox, 'saved/')}`, {
    headers: { Authorization: `Bearer ${sandbox.posthog.fullKey}` },
  });
  expect(malformed.status).toBe(200);
  const text = await malformed.text();
  expect(text.length).toBeGreaterThan(0);
  expect(() => JSON.parse(text)).toThrow();
  sandbox.setFaults({ posthog: { latencyMs: 300, pathPrefix: '/api/projects/' } });
  const started = Date.now();
  expect((await list(sandbox)).status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  const environments = Date.now();
  expect((await ph(sandbox, projectPath(sandbox, 'saved/', 'environments'))).status).toBe(200);
  expect(Date.now() - environments).toBeLessThan(280);
  expect((await fetch(`${sandbox.url}/_admin/faults`)).ok).toBe(true);
});

test('the real rate limit counts per key, after auth: 429 with Retry-After within the window', async () => {
  const sandbox = await usePostHogSandbox({ posthog: { rateLimit: { limit: 3, periodSeconds: 30 } } });
  for (let i = 0; i < 5; i++) expectError(await list(sandbox, 'phx_wrong'), 401, 'authentication_failed');
  for (let i = 0; i < 3; i++) expect((await list(sandbox)).status).toBe(200);
  const limited = await list(sandbox);
  expectError(limited, 429, 'throttled');
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(30);
  expect((await list(sandbox, sandbox.posthog.readKey)).status).toBe(200);
  expect((await fetch(`${sandbox.url}/_admin/reset`, { method: 'POST' })).ok).toBe(true);
  expect((await list(sandbox)).status).toBe(200);
});

test('a bad posthog fault set is refused by the admin route', async () => {
  const sandbox = await usePostHogSandbox();
  const res = await fetch(`${sandbox.url}/_admin/faults`, {
    method: 'POST',
    body: JSON.stringify({ posthog: { rateLimit: { count: -1, resetSeconds: 1 } } }),
  });
  expect(res.status).toBe(400);
});

test('posthog.dropAfterCreate: an upload and a create are stored, then dropped unanswered; reads do not use it up', async () => {
  const sandbox = await usePostHogSandbox();
  sandbox.setFaults({ posthog: { dropAfterCreate: { count: 2 } } });
  expect((await list(sandbox)).status).toBe(200);
  const form = uploadForm({ url: 'https://example.com/a', name: 'uploaded' }, [[320, solidJpeg(320, 200)]]);
  await expect(
    ph(sandbox, projectPath(sandbox, 'saved/capture/'), { method: 'POST', form }),
  ).rejects.toThrow();
  const body = { url: 'https://shop.example.com/b', name: 'rendered', widths: [1024], type: 'screenshot' };
  await expect(ph(sandbox, projectPath(sandbox, 'saved/'), { method: 'POST', body })).rejects.toThrow();
  const names = () => sandbox.state().posthog.saved_heatmaps.map((heatmap) => heatmap.name);
  expect(names().sort()).toEqual(['rendered', 'uploaded']);
  expect((await ph(sandbox, projectPath(sandbox, 'saved/'), { method: 'POST', body })).status).toBe(201);
  expect(names()).toHaveLength(3);
});

test('posthog.slowRequests delays one request; down() and up() keep the saved heatmaps', async () => {
  const sandbox = await usePostHogSandbox();
  sandbox.setFaults({ posthog: { slowRequests: { count: 1, ms: 400 } } });
  let started = Date.now();
  await list(sandbox);
  expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  started = Date.now();
  await list(sandbox);
  expect(Date.now() - started).toBeLessThan(300);
  const form = uploadForm({ url: 'https://example.com/a', name: 'kept' }, [[320, solidJpeg(320, 200)]]);
  expect((await ph(sandbox, projectPath(sandbox, 'saved/capture/'), { method: 'POST', form })).status).toBe(
    201,
  );
  await sandbox.down();
  await expect(list(sandbox)).rejects.toThrow();
  await sandbox.up();
  expect((await list(sandbox)).json.results.map((heatmap: { name: string }) => heatmap.name)).toEqual([
    'kept',
  ]);
});

test('create, capture and prewarm share the per-user throttle (10 a minute): the 11th is 429 with Retry-After; reads and other keys do not escape it', async () => {
  const sandbox = await usePostHogSandbox({ posthog: { renderMs: 60_000 } });
  const create = (key?: string) =>
    ph(sandbox, projectPath(sandbox, 'saved/'), {
      method: 'POST',
      body: { url: 'https://shop.example.com/a', type: 'iframe' },
      ...(key === undefined ? {} : { key }),
    });
  for (let i = 0; i < 8; i++) expect((await create()).status).toBe(201);
  const form = uploadForm({ url: 'https://example.com/a' }, [[320, solidJpeg(320, 20)]]);
  expect((await ph(sandbox, projectPath(sandbox, 'saved/capture/'), { method: 'POST', form })).status).toBe(
    201,
  );
  const prewarm = await ph(sandbox, projectPath(sandbox, 'saved/prewarm/'), {
    method: 'POST',
    body: { url: 'https://shop.example.com/b' },
  });
  expect(prewarm.status).toBe(201);
  // A key without heatmap:write is refused (403) before the throttle, which it does not spend.
  expect((await create(sandbox.posthog.readKey)).status).toBe(403);
  for (let i = 0; i < 5; i++) expect((await list(sandbox)).status).toBe(200);

  const throttled = await create();
  expectError(throttled, 429, 'throttled');
  const wait = Number(throttled.headers.get('Retry-After'));
  expect(wait).toBeGreaterThan(50);
  expect(wait).toBeLessThanOrEqual(60);
  const capture = uploadForm({ url: 'https://example.com/b' }, [[320, solidJpeg(320, 20)]]);
  expect(
    (await ph(sandbox, projectPath(sandbox, 'saved/capture/'), { method: 'POST', form: capture })).status,
  ).toBe(429);
  expect((await list(sandbox)).status).toBe(200);
  expect(sandbox.state().posthog.saved_heatmaps).toHaveLength(10);
  // The prewarm render is kept, but left out of the list as PostHog does.
  expect((await list(sandbox)).json.count).toBe(9);
});

test('the sustained rate (100 a day by default) throttles too, with its own Retry-After', async () => {
  const sandbox = await usePostHogSandbox({
    posthog: {
      createThrottle: [
        { scope: 'ai_burst', limit: 10, periodSeconds: 60 },
        { scope: 'ai_sustained', limit: 2, periodSeconds: 86_400 },
      ],
    },
  });
  const create = () =>
    ph(sandbox, projectPath(sandbox, 'saved/'), {
      method: 'POST',
      body: { url: 'https://shop.example.com/a', type: 'iframe' },
    });
  expect([(await create()).status, (await create()).status]).toEqual([201, 201]);
  const third = await create();
  expect(third.status).toBe(429);
  expect(Number(third.headers.get('Retry-After'))).toBeGreaterThan(86_000);
});

test('PATCH of a short id that cannot exist: 404 with heatmap:write, 403 without, outside the create throttle', async () => {
  const sandbox = await usePostHogSandbox({
    posthog: { createThrottle: [{ scope: 'ai_burst', limit: 1, periodSeconds: 60 }] },
  });
  const patch = (key?: string) =>
    ph(sandbox, projectPath(sandbox, 'saved/write-access-check/'), {
      method: 'PATCH',
      body: {},
      ...(key === undefined ? {} : { key }),
    });
  expectError(await patch(), 404, 'not_found');
  expectError(await patch(sandbox.posthog.readKey), 403, 'permission_denied');
  expectError(await patch(), 404, 'not_found');
  const create = await ph(sandbox, projectPath(sandbox, 'saved/'), {
    method: 'POST',
    body: { url: 'https://shop.example.com/a', type: 'iframe' },
  });
  expect(create.status).toBe(201);
  expect(sandbox.state().posthog.saved_heatmaps).toHaveLength(1);
});
