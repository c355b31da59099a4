import { describe, expect, test } from 'vitest';
import { CHAT_BUTTON, HEADER, LABEL_FREE_X, PAGE_HEIGHT, SECTIONS } from '../../sandbox/demo/posthog-layout';
import type { Sandbox } from '../../sandbox/server';
import { useSandbox, waitFor } from './helpers';
import {
  contentWhenReady,
  decodeJpeg,
  expectError,
  near,
  ph,
  pixel,
  projectPath,
  solidJpeg,
  uploadForm,
} from './posthog-helpers';

/** Screenshot content: client uploads (capture/), server-side renders in Chromium, 202 → 200. */

const CAPTURE = (s: Sandbox) => projectPath(s, 'saved/capture/');
const content = (s: Sandbox, id: string, query = '') =>
  ph(s, projectPath(s, `heatmap_screenshots/${id}/content/${query}`), { key: s.posthog.readKey });

/** POST saved/ for a server-side screenshot of `url`. */
function createScreenshot(sandbox: Sandbox, url: string, widths: number[]) {
  return ph(sandbox, projectPath(sandbox, 'saved/'), { method: 'POST', body: { url, widths } });
}

async function upload(
  sandbox: Sandbox,
  images: [number, Buffer][],
  fields = { url: 'https://app.example.com/account', name: 'Account' },
) {
  return ph(sandbox, CAPTURE(sandbox), { method: 'POST', form: uploadForm(fields, images) });
}

describe('client upload (saved/capture/)', () => {
  test('201, processing for the rendering time (202 with the heatmap JSON), then the uploaded JPEG itself', async () => {
    const sandbox = await useSandbox({ posthog: { renderMs: 600 } });
    const small = solidJpeg(375, 900, { r: 0, g: 0, b: 255 });
    const large = solidJpeg(1024, 700);
    const res = await upload(sandbox, [
      [1024, large],
      [375, small],
    ]);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      type: 'screenshot',
      status: 'processing',
      has_content: false,
      name: 'Account',
      target_widths: [375, 1024],
    });
    const early = await content(sandbox, res.json.id, '?width=375');
    expect([early.status, early.json.id, early.json.status]).toEqual([202, res.json.id, 'processing']);
    const done = await contentWhenReady(sandbox, res.json.id, 375);
    expect([done.status, done.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(done.bytes.equals(small)).toBe(true);
    const item = await ph(sandbox, projectPath(sandbox, `saved/${res.json.short_id}/`));
    expect(item.json).toMatchObject({
      status: 'completed',
      has_content: true,
      snapshots: [
        { width: 375, has_content: true },
        { width: 1024, has_content: true },
      ],
    });
    expect(sandbox.state().posthog.saved_heatmaps[0]?.images).toEqual([
      { width: 1024, height: 700, bytes: large.length, source: 'upload' },
      { width: 375, height: 900, bytes: small.length, source: 'upload' },
    ]);
    const raw = await fetch(`${sandbox.url}/_admin/posthog/images/${res.json.id}?width=1024`);
    expect(Buffer.from(await raw.arrayBuffer()).equals(large)).toBe(true);
    const viewer = await (await fetch(`${sandbox.url}/`)).text();
    expect(viewer).toContain(`<img src="/_admin/posthog/images/${res.json.id}?width=375"`);
    expect(viewer).toContain('Account');
  });

  test('content picks the closest width with content (default 1024, ties to the wider) and 400s a bad width', async () => {
    const sandbox = await useSandbox({ posthog: { renderMs: 0 } });
    const w400 = solidJpeg(400, 50);
    const w600 = solidJpeg(600, 50);
    const w1440 = solidJpeg(1440, 50);
    const { json } = await upload(sandbox, [
      [400, w400],
      [600, w600],
      [1440, w1440],
    ]);
    const expectBytes = async (query: string, bytes: Buffer) => {
      const res = await content(sandbox, json.id, query);
      expect(res.status, query).toBe(200);
      expect(res.bytes.equals(bytes), query).toBe(true);
    };
    await expectBytes('', w1440); // 1024 is nearer 1440 (416) than 600 (424)
    await expectBytes('?width=100', w400);
    await expectBytes('?width=500', w600); // a tie between 400 and 600
    await expectBytes('?width=3000', w1440);
    for (const bad of ['abc', '99', '3001', '1.5', '']) {
      const res = await content(sandbox, json.id, `?width=${bad}`);
      expect([res.status, res.json.type, res.json.attr], bad).toEqual([400, 'validation_error', 'width']);
    }
  });

  const twice = (): [number, Buffer][] => [
    [150, solidJpeg(150, 10)],
    [150, solidJpeg(150, 10)],
  ];
  test.each([
    ['a PNG', 'images', () => [[100, Buffer.from('89504e470d0a1a0a0000', 'hex')]]],
    ['a truncated JPEG', 'images', () => [[120, solidJpeg(120, 80).subarray(0, 200)]]],
    ['a width that is not the image width', 'widths', () => [[375, solidJpeg(376, 50)]]],
    ['17 images', 'images', () => Array.from({ length: 17 }, (_, i) => [100 + i, solidJpeg(100 + i, 10)])],
    ['no images', 'images', () => []],
    ['a width below 100', 'widths', () => [[99, solidJpeg(99, 10)]]],
    ['a repeated width', 'widths', twice],
  ] as [string, string, () => [number, Buffer][]][])(
    '%s → 400 with attr %s, nothing saved',
    async (_, attr, images) => {
      const sandbox = await useSandbox();
      const res = await upload(sandbox, images());
      expect([res.status, res.json.type, res.json.attr]).toEqual([400, 'validation_error', attr]);
      expect(sandbox.state().posthog.saved_heatmaps).toEqual([]);
    },
  );

  test('a width without an image, a missing or wildcard url and a non-multipart body are refused', async () => {
    const sandbox = await useSandbox();
    const form = uploadForm({ url: 'https://a.example.com/' }, [[200, solidJpeg(200, 10)]]);
    form.append('widths[]', '300');
    expect((await ph(sandbox, CAPTURE(sandbox), { method: 'POST', form })).json.attr).toBe('widths');
    for (const url of [undefined, 'https://a.example.com/*']) {
      const res = await upload(sandbox, [[200, solidJpeg(200, 10)]], { url, name: 'x' } as never);
      expect([res.status, res.json.attr]).toEqual([400, 'url']);
    }
    expectError(
      await ph(sandbox, CAPTURE(sandbox), { method: 'POST', body: { url: 'https://a.example.com/' } }),
      415,
      'unsupported_media_type',
    );
  });
});

describe('server-side render (Chromium, no cookies)', () => {
  test('renders /demo/posthog.html full page: each section its colour at its y, the fixed button once', {
    timeout: 60_000,
  }, async () => {
    const sandbox = await useSandbox({ posthog: { renderMs: 0 } });
    const created = await createScreenshot(sandbox, `${sandbox.url}/demo/posthog.html`, [1280]);
    expect([created.status, created.json.status]).toEqual([201, 'processing']);
    const res = await contentWhenReady(sandbox, created.json.id, 1280);
    expect(res.status).toBe(200);
    const image = decodeJpeg(res.bytes);
    expect([image.width, image.height]).toEqual([1280, PAGE_HEIGHT]);
    expect(near(pixel(image, LABEL_FREE_X, HEADER.height / 2), HEADER.rgb)).toBe(true);
    for (const s of SECTIONS) {
      for (const y of [s.top + 4, s.top + s.height / 2, s.top + s.height - 5]) {
        expect(near(pixel(image, LABEL_FREE_X, y), s.rgb), `${s.label} at y=${y}`).toBe(true);
      }
    }
    // A column just inside the button's right edge, clear of its label.
    const x = 1280 - CHAT_BUTTON.right - 6;
    const rows = Array.from({ length: image.height }, (_, y) => near(pixel(image, x, y), CHAT_BUTTON.rgb));
    const runs = rows.filter((on, y) => on && !rows[y - 1]).length;
    expect(runs).toBe(1);
    expect(rows.filter(Boolean).length).toBeGreaterThanOrEqual(CHAT_BUTTON.size - 4);
    const [meta] = sandbox.state().posthog.saved_heatmaps[0]?.images ?? [];
    expect(meta).toEqual({ width: 1280, height: PAGE_HEIGHT, bytes: res.bytes.length, source: 'render' });
  });

  test('a page behind the login renders as the login form; regenerate renders again', {
    timeout: 60_000,
  }, async () => {
    const sandbox = await useSandbox({ posthog: { renderMs: 0 } });
    const render = async (path: string) => {
      const res = await createScreenshot(sandbox, `${sandbox.url}${path}`, [600]);
      return { json: res.json, image: (await contentWhenReady(sandbox, res.json.id, 600)).bytes };
    };
    const account = await render('/demo/account.html');
    const login = await render('/demo/login.html');
    const shop = await render('/demo/no-rum.html');
    expect(account.image.equals(login.image)).toBe(true);
    expect(account.image.equals(shop.image)).toBe(false);

    const regenerated = await ph(
      sandbox,
      projectPath(sandbox, `saved/${account.json.short_id}/regenerate/`),
      { method: 'POST' },
    );
    expect([regenerated.status, regenerated.json.status, regenerated.json.id]).toEqual([
      200,
      'processing',
      account.json.id,
    ]);
    const again = await contentWhenReady(sandbox, account.json.id, 600);
    expect(again.bytes.equals(login.image)).toBe(true);
  });

  test('a page that cannot be loaded marks the heatmap failed with the exception; content is 404', {
    timeout: 60_000,
  }, async () => {
    const sandbox = await useSandbox({ posthog: { renderMs: 0 } });
    const created = await createScreenshot(sandbox, 'http://127.0.0.1:9/', [400]);
    const item = projectPath(sandbox, `saved/${created.json.short_id}/`);
    const failed = await waitFor(async () => {
      const res = await ph(sandbox, item);
      return res.json.status === 'processing' ? undefined : res.json;
    }, 30_000);
    expect(failed).toMatchObject({ status: 'failed', has_content: false });
    expect(failed.exception).toMatch(/net::ERR_/);
    expectError(await content(sandbox, created.json.id), 404, 'not_found');
    expect((await ph(sandbox, `${projectPath(sandbox, 'saved/')}?status=failed`)).json.count).toBe(1);
  });

  test('regenerate of an upload renders server-side; when that fails the old content is gone', {
    timeout: 60_000,
  }, async () => {
    const sandbox = await useSandbox({ posthog: { renderMs: 0 } });
    const { json } = await upload(sandbox, [[300, solidJpeg(300, 20)]], {
      url: 'http://127.0.0.1:9/',
      name: 'x',
    });
    expect((await content(sandbox, json.id)).status).toBe(200);
    const res = await ph(sandbox, projectPath(sandbox, `saved/${json.short_id}/regenerate/`), {
      method: 'POST',
    });
    expect([res.status, res.json.status]).toEqual([200, 'processing']);
    const failed = await contentWhenReady(sandbox, json.id);
    expectError(failed, 404, 'not_found');
    expect(failed.json.detail).toMatch(/net::ERR_/);
    expect(sandbox.state().posthog.saved_heatmaps[0]).toMatchObject({
      status: 'failed',
      has_content: false,
      images: [],
    });
  });

  test('rendering time: settable per sandbox, by setRenderMs and by the admin route', async () => {
    const sandbox = await useSandbox({ posthog: { renderMs: 60_000 } });
    const { json } = await upload(sandbox, [[200, solidJpeg(200, 10)]]);
    expect((await content(sandbox, json.id)).status).toBe(202);
    sandbox.posthog.setRenderMs(0);
    const admin = await fetch(`${sandbox.url}/_admin/posthog/render-time`);
    expect(await admin.json()).toEqual({ ms: 0 });
    const set = await fetch(`${sandbox.url}/_admin/posthog/render-time`, {
      method: 'POST',
      body: JSON.stringify({ ms: 5 }),
    });
    expect([set.status, sandbox.state().posthog.render_ms]).toEqual([200, 5]);
    const bad = await fetch(`${sandbox.url}/_admin/posthog/render-time`, {
      method: 'POST',
      body: JSON.stringify({ ms: -1 }),
    });
    expect(bad.status).toBe(400);
    const later = await upload(sandbox, [[200, solidJpeg(200, 10)]]);
    expect((await contentWhenReady(sandbox, later.json.id, undefined, 2000)).status).toBe(200);
    expect((await content(sandbox, json.id)).status).toBe(202); // the first keeps its own ready time
  });

  test('regenerate of an iframe heatmap is a 400 on type', async () => {
    const sandbox = await useSandbox();
    const { json } = await ph(sandbox, projectPath(sandbox, 'saved/'), {
      method: 'POST',
      body: { url: 'https://a.example.com/', type: 'iframe' },
    });
    const res = await ph(sandbox, projectPath(sandbox, `saved/${json.short_id}/regenerate/`), {
      method: 'POST',
    });
    expectError(res, 400, 'invalid', 'type');
    expectError(await content(sandbox, json.id), 404, 'not_found');
  });
});
