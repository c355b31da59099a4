import { describe, expect, test } from 'vitest';
import { DEFAULT_WIDTHS } from '../../sandbox/posthog/defaults';
import type { Sandbox } from '../../sandbox/server';
import { startSandbox } from '../../sandbox/server';
import { expectError, ph, projectPath, usePostHogSandbox } from './posthog-helpers';

/** The PostHog saved-heatmap API: auth order, validation, CRUD, paging. Types iframe/recording need no renderer. */

const SAVED = (s: Sandbox) => projectPath(s, 'saved/');
const PAGE = 'https://shop.example.com/products/42';

async function createIframe(sandbox: Sandbox, body: Record<string, unknown> = {}) {
  const res = await ph(sandbox, SAVED(sandbox), {
    method: 'POST',
    body: { url: PAGE, type: 'iframe', ...body },
  });
  expect(res.status).toBe(201);
  return res.json;
}

describe('auth and check order (401 → 403 → 404 → 400)', () => {
  test('no key or an unknown key is 401 authentication_failed, even on an unknown project', async () => {
    const sandbox = await usePostHogSandbox();
    for (const key of [null, 'phx_wrong']) {
      expectError(await ph(sandbox, SAVED(sandbox), { key }), 401, 'authentication_failed');
      expectError(
        await ph(sandbox, '/api/projects/999/saved/', { key, method: 'POST', body: {} }),
        401,
        'authentication_failed',
      );
    }
    const malformed = await fetch(`${sandbox.url}${SAVED(sandbox)}`, {
      headers: { Authorization: sandbox.posthog.fullKey },
    });
    expect(malformed.status).toBe(401);
  });

  test('an empty POST to saved/ is 403 without heatmap:write and 400 (url) with it; nothing is created', async () => {
    const sandbox = await usePostHogSandbox();
    const read = await ph(sandbox, SAVED(sandbox), { method: 'POST', key: sandbox.posthog.readKey });
    expectError(read, 403, 'permission_denied');
    expect(read.json.detail).toContain('heatmap:write');
    expectError(await ph(sandbox, SAVED(sandbox), { method: 'POST' }), 400, 'required', 'url');
    expect((await ph(sandbox, SAVED(sandbox))).json.count).toBe(0);
  });

  test('scope is checked before the project: unknown project is 403 for a read key, 404 for the full key', async () => {
    const sandbox = await usePostHogSandbox();
    const body = { url: PAGE };
    expectError(
      await ph(sandbox, '/api/projects/999/saved/', { method: 'POST', body, key: sandbox.posthog.readKey }),
      403,
      'permission_denied',
    );
    expectError(
      await ph(sandbox, '/api/projects/999/saved/', { method: 'POST', body: {} }),
      404,
      'not_found',
    );
    expectError(await ph(sandbox, '/api/projects/abc/saved/'), 404, 'not_found');
    expectError(
      await ph(sandbox, projectPath(sandbox, 'saved/nosuchid/'), { method: 'PATCH', body: { widths: 'x' } }),
      404,
      'not_found',
    );
  });

  test('the read key can list, get and fetch content but not PATCH, regenerate or upload', async () => {
    const sandbox = await usePostHogSandbox();
    const created = await createIframe(sandbox);
    const readKey = sandbox.posthog.readKey;
    expect((await ph(sandbox, SAVED(sandbox), { key: readKey })).status).toBe(200);
    expect(
      (await ph(sandbox, projectPath(sandbox, `saved/${created.short_id}/`), { key: readKey })).status,
    ).toBe(200);
    const writes = [
      [projectPath(sandbox, `saved/${created.short_id}/`), 'PATCH'],
      [projectPath(sandbox, `saved/${created.short_id}/regenerate/`), 'POST'],
      [projectPath(sandbox, 'saved/capture/'), 'POST'],
    ] as const;
    for (const [path, method] of writes) {
      expectError(
        await ph(sandbox, path, { method, key: readKey, body: { name: 'x' } }),
        403,
        'permission_denied',
      );
    }
  });

  test('GET /api/projects/ needs project:read and lists id (integer) and api_token', async () => {
    const sandbox = await usePostHogSandbox();
    const res = await ph(sandbox, '/api/projects/');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      count: 1,
      results: [{ id: 1, name: expect.any(String), api_token: 'phc_sandbox_project_token' }],
    });
    expectError(
      await ph(sandbox, '/api/projects/', { key: sandbox.posthog.readKey }),
      403,
      'permission_denied',
    );
  });

  test('keys, project id and token can be overridden', async () => {
    const sandbox = await usePostHogSandbox({
      posthog: {
        fullKey: 'phx_a',
        readKey: 'phx_b',
        projectId: 7,
        projectToken: 'phc_t',
        extraKeys: [{ key: 'phx_w', scopes: ['heatmap:write'] }],
      },
    });
    expect(sandbox.posthog).toMatchObject({
      projectId: 7,
      projectToken: 'phc_t',
      fullKey: 'phx_a',
      readKey: 'phx_b',
    });
    expect((await ph(sandbox, '/api/projects/7/saved/')).status).toBe(200);
    expectError(await ph(sandbox, '/api/projects/1/saved/'), 404, 'not_found');
    expectError(
      await ph(sandbox, '/api/projects/7/saved/', { key: 'phx_sandbox_full' }),
      401,
      'authentication_failed',
    );
    expectError(await ph(sandbox, '/api/projects/7/saved/', { key: 'phx_w' }), 403, 'permission_denied');
    expectError(
      await ph(sandbox, '/api/projects/7/saved/', { key: 'phx_w', method: 'POST' }),
      400,
      'required',
      'url',
    );
  });

  test('an unknown path is 404 and a wrong method on a known path 405, both as PostHog errors', async () => {
    const sandbox = await usePostHogSandbox();
    expectError(await ph(sandbox, projectPath(sandbox, 'nothing/')), 404, 'not_found');
    expectError(await ph(sandbox, SAVED(sandbox), { method: 'DELETE' }), 405, 'method_not_allowed');
  });
});

describe('create', () => {
  test('201 with every reference field, default widths, name and data_url from url', async () => {
    const sandbox = await usePostHogSandbox();
    const json = await createIframe(sandbox);
    expect(Object.keys(json)).toEqual([
      'id',
      'short_id',
      'name',
      'url',
      'data_url',
      'target_widths',
      'type',
      'source',
      'status',
      'has_content',
      'snapshots',
      'deleted',
      'created_by',
      'created_at',
      'updated_at',
      'exception',
    ]);
    expect(json.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(json.short_id).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(json).toMatchObject({
      name: PAGE,
      url: PAGE,
      data_url: PAGE,
      target_widths: [...DEFAULT_WIDTHS],
      type: 'iframe',
      source: 'server',
      status: 'completed',
      has_content: false,
      deleted: false,
      exception: null,
      created_by: { email: expect.any(String), uuid: expect.any(String) },
    });
    expect(json.snapshots).toEqual(DEFAULT_WIDTHS.map((width) => ({ width, has_content: false })));
    expect(Date.parse(json.created_at)).not.toBeNaN();
  });

  test('the environments alias reaches the same heatmaps', async () => {
    const sandbox = await usePostHogSandbox();
    const json = await createIframe(sandbox, { name: 'via projects' });
    const res = await ph(sandbox, projectPath(sandbox, `saved/${json.short_id}/`, 'environments'));
    expect([res.status, res.json.id]).toEqual([200, json.id]);
    expect((await ph(sandbox, projectPath(sandbox, 'saved', 'environments'))).json.count).toBe(1);
  });

  test('widths are merged, sorted and kept', async () => {
    const sandbox = await usePostHogSandbox();
    const json = await createIframe(sandbox, {
      widths: [1920, 100, 3000, 100],
      name: 'n',
      data_url: 'https://shop.example.com/products/*',
    });
    expect(json).toMatchObject({
      target_widths: [100, 1920, 3000],
      name: 'n',
      data_url: 'https://shop.example.com/products/*',
    });
  });

  test.each([
    [{ url: 'https://shop.example.com/*' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'ftp://example.com/' }, 'url'],
    [{ url: 42 }, 'url'],
    [{ url: PAGE, widths: [99] }, 'widths'],
    [{ url: PAGE, widths: [3001] }, 'widths'],
    [{ url: PAGE, widths: [320.5] }, 'widths'],
    [{ url: PAGE, widths: [] }, 'widths'],
    [{ url: PAGE, widths: Array.from({ length: 17 }, (_, i) => 200 + i) }, 'widths'],
    [{ url: PAGE, widths: '320' }, 'widths'],
    [{ url: PAGE, type: 'video' }, 'type'],
    [{ url: PAGE, name: 'x'.repeat(401) }, 'name'],
    [{ url: PAGE, data_url: 'example.com/*' }, 'data_url'],
  ])('%j → 400 validation_error with attr %s', async (body, attr) => {
    const sandbox = await usePostHogSandbox();
    const res = await ph(sandbox, SAVED(sandbox), { method: 'POST', body });
    expect([res.status, res.json.type, res.json.attr]).toEqual([400, 'validation_error', attr]);
    expect((await ph(sandbox, SAVED(sandbox))).json.count).toBe(0);
  });

  test('a body that is not JSON is a 400 parse_error; not an object names non_field_errors', async () => {
    const sandbox = await usePostHogSandbox();
    expectError(await ph(sandbox, SAVED(sandbox), { method: 'POST', body: '{"url":' }), 400, 'parse_error');
    expectError(
      await ph(sandbox, SAVED(sandbox), { method: 'POST', body: [] }),
      400,
      'invalid',
      'non_field_errors',
    );
  });

  test('16 widths are accepted', async () => {
    const sandbox = await usePostHogSandbox();
    const widths = Array.from({ length: 16 }, (_, i) => 100 + i * 100);
    expect((await createIframe(sandbox, { widths })).target_widths).toEqual(widths);
  });
});

describe('get, PATCH, soft delete', () => {
  test('PATCH renames and changes widths; get shows it', async () => {
    const sandbox = await usePostHogSandbox();
    const { short_id, updated_at } = await createIframe(sandbox);
    await new Promise((r) => setTimeout(r, 5));
    const item = projectPath(sandbox, `saved/${short_id}/`);
    const patched = await ph(sandbox, item, {
      method: 'PATCH',
      body: { name: 'Renamed', widths: [500, 400] },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: 'Renamed', target_widths: [400, 500], deleted: false });
    expect(patched.json.updated_at > updated_at).toBe(true);
    expect((await ph(sandbox, item)).json).toMatchObject({ name: 'Renamed', target_widths: [400, 500] });
    expectError(
      await ph(sandbox, item, { method: 'PATCH', body: { widths: [50] } }),
      400,
      'min_value',
      'widths',
    );
    expectError(
      await ph(sandbox, item, { method: 'PATCH', body: { deleted: 'yes' } }),
      400,
      'invalid',
      'deleted',
    );
  });

  test('deleted: true answers the deleted heatmap once, then it is 404 everywhere and gone from the list', async () => {
    const sandbox = await usePostHogSandbox();
    const { short_id, id } = await createIframe(sandbox);
    const item = projectPath(sandbox, `saved/${short_id}/`);
    const deleted = await ph(sandbox, item, { method: 'PATCH', body: { deleted: true } });
    expect([deleted.status, deleted.json.deleted]).toEqual([200, true]);
    expectError(await ph(sandbox, item), 404, 'not_found');
    expectError(await ph(sandbox, item, { method: 'PATCH', body: { deleted: false } }), 404, 'not_found');
    expectError(
      await ph(sandbox, projectPath(sandbox, `saved/${short_id}/regenerate/`), { method: 'POST' }),
      404,
      'not_found',
    );
    expectError(
      await ph(sandbox, projectPath(sandbox, `heatmap_screenshots/${id}/content/`)),
      404,
      'not_found',
    );
    expect((await ph(sandbox, SAVED(sandbox))).json).toEqual({ results: [], count: 0 });
    expect(sandbox.state().posthog.saved_heatmaps.map((h) => h.deleted)).toEqual([true]);
  });

  test('content is by UUID id, not short id', async () => {
    const sandbox = await usePostHogSandbox();
    const { short_id } = await createIframe(sandbox);
    expectError(
      await ph(sandbox, projectPath(sandbox, `heatmap_screenshots/${short_id}/content/`)),
      404,
      'not_found',
    );
  });
});

describe('list', () => {
  async function seed(sandbox: Sandbox) {
    for (const [i, type] of (['iframe', 'recording', 'iframe', 'iframe', 'recording'] as const).entries()) {
      await createIframe(sandbox, { name: `Heatmap ${i}`, type, url: `https://shop.example.com/site${i}` });
      await new Promise((r) => setTimeout(r, 3));
    }
  }

  test('limit and offset page through {results, count}, newest first by default', async () => {
    const sandbox = await usePostHogSandbox();
    await seed(sandbox);
    const first = await ph(sandbox, `${SAVED(sandbox)}?limit=2`);
    expect(Object.keys(first.json).sort()).toEqual(['count', 'results']);
    expect(first.json.count).toBe(5);
    expect(first.json.results.map((h: { name: string }) => h.name)).toEqual(['Heatmap 4', 'Heatmap 3']);
    const last = await ph(sandbox, `${SAVED(sandbox)}?limit=2&offset=4`);
    expect(last.json.results.map((h: { name: string }) => h.name)).toEqual(['Heatmap 0']);
    const ordered = await ph(sandbox, `${SAVED(sandbox)}?order=name&limit=500`);
    expect(ordered.json.results[0].name).toBe('Heatmap 0');
  });

  test('type, status and search filter; count is the filtered total', async () => {
    const sandbox = await usePostHogSandbox();
    await seed(sandbox);
    expect((await ph(sandbox, `${SAVED(sandbox)}?type=recording`)).json.count).toBe(2);
    expect((await ph(sandbox, `${SAVED(sandbox)}?status=completed&type=iframe`)).json.count).toBe(3);
    expect((await ph(sandbox, `${SAVED(sandbox)}?status=processing`)).json.count).toBe(0);
    const search = await ph(sandbox, `${SAVED(sandbox)}?search=SITE3`);
    expect(search.json.results.map((h: { name: string }) => h.name)).toEqual(['Heatmap 3']);
  });

  test.each([
    ['limit=501', 'limit'],
    ['limit=0', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['type=video', 'type'],
    ['status=done', 'status'],
    ['order=url', 'order'],
  ])('?%s → 400 with attr %s', async (query, attr) => {
    const sandbox = await usePostHogSandbox();
    const res = await ph(sandbox, `${SAVED(sandbox)}?${query}`);
    expect([res.status, res.json.attr]).toEqual([400, attr]);
  });

  test('limit 500 is allowed', async () => {
    const sandbox = await usePostHogSandbox();
    expect((await ph(sandbox, `${SAVED(sandbox)}?limit=500`)).status).toBe(200);
  });
});

test('saved heatmaps persist across a restart on the same dataDir', async () => {
  const sandbox = await usePostHogSandbox();
  const created = await createIframe(sandbox, { name: 'kept' });
  await sandbox.close();
  const again = await startSandbox({ port: 0, dataDir: sandbox.dataDir });
  try {
    const res = await ph(again, projectPath(again, `saved/${created.short_id}/`));
    expect([res.status, res.json.name, res.json.id]).toEqual([200, 'kept', created.id]);
  } finally {
    await again.close();
  }
});
