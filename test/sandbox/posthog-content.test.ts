import { describe, expect, test } from 'vitest';
import { CHAT_BUTTON, HEADER, LABEL_FREE_X, PAGE_HEIGHT, SECTIONS } from '../../sandbox/demo/posthog-layout';
import type { Sandbox } from '../../sandbox/server';
import { waitFor } from './helpers';
import {
  contentWhenReady,
  decodeJpeg,
  expectError,
  near,
  PUBLIC_HOST,
  ph,
  pixel,
  projectPath,
  publicUrl,
  solidJpeg,
  uploadForm,
  usePostHogSandbox,
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

const LONG = (n: number) => 'x'.repeat(n);

/** A small JPEG whose frame header claims another size (PostHog reads the size from the header first). */
function jpegClaiming(width: number, height: number): Buffer {
  const bytes = Buffer.from(solidJpeg(16, 16));
  for (let offset = 2; offset + 9 < bytes.length; offset += 2 + bytes.readUInt16BE(offset + 2)) {
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xc0 || marker === 0xc2) {
      bytes.writeUInt16BE(height, offset + 5);
      bytes.writeUInt16BE(width, offset + 7);
      return bytes;
    }
  }
  throw new Error('no frame header');
}

describe('client upload (saved/capture/, heatmaps_api.py capture)', () => {
  test('201 completed at once as a toolbar heatmap: data URL = url, widths in the order sent, content served', async () => {
    const sandbox = await usePostHogSandbox({ posthog: { renderMs: 60_000 } });
    const small = solidJpeg(375, 900, { r: 0, g: 0, b: 255 });
    const large = solidJpeg(1024, 700);
    const res = await upload(sandbox, [
      [1024, large],
      [375, small],
    ]);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      type: 'screenshot',
      source: 'toolbar',
      status: 'completed',
      has_content: true,
      name: 'Account',
      url: 'https://app.example.com/account',
      data_url: 'https://app.example.com/account',
      target_widths: [1024, 375],
    });
    const done = await content(sandbox, res.json.id, '?width=375');
    expect([done.status, done.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(done.bytes.equals(small)).toBe(true);
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

  test('one image + width, or indexed images[0] + widths[0], are read too; a data_url field is ignored; no name is the url', async () => {
    const sandbox = await usePostHogSandbox();
    const single = uploadForm(
      { url: 'https://app.example.com/a', data_url: 'https://other.example.com/*' },
      [[320, solidJpeg(320, 20)]],
      { images: 'image', widths: 'width' },
    );
    const one = await ph(sandbox, CAPTURE(sandbox), { method: 'POST', form: single });
    expect([one.status, one.json.data_url, one.json.name, one.json.target_widths]).toEqual([
      201,
      'https://app.example.com/a',
      'https://app.example.com/a',
      [320],
    ]);
    const jpegPart = (width: number) =>
      new Blob([new Uint8Array(solidJpeg(width, 20))], { type: 'image/jpeg' });
    const indexed = new FormData();
    indexed.append('url', 'https://app.example.com/b');
    indexed.append('images[1]', jpegPart(500), 'b.jpg');
    indexed.append('images[0]', jpegPart(400), 'a.jpg');
    indexed.append('widths[0]', '400');
    indexed.append('widths[1]', '500');
    const two = await ph(sandbox, CAPTURE(sandbox), { method: 'POST', form: indexed });
    expect([two.status, two.json.target_widths]).toEqual([201, [400, 500]]);
  });

  test("images[] + widths[] are never read: 400 \"Provide 'image'+'width' or 'images'+'widths'.\", nothing saved", async () => {
    const sandbox = await usePostHogSandbox();
    const form = uploadForm({ url: 'https://app.example.com/a' }, [[320, solidJpeg(320, 20)]], {
      images: 'images[]',
      widths: 'widths[]',
    });
    const res = await ph(sandbox, CAPTURE(sandbox), { method: 'POST', form });
    expectError(res, 400, 'invalid');
    expect(res.json.detail).toBe("Provide 'image'+'width' or 'images'+'widths'.");
    expect(sandbox.state().posthog.saved_heatmaps).toEqual([]);
  });

  test('content picks the closest width with content (default 1024, no range check); a width int() refuses is a bare {"error"} 400', async () => {
    const sandbox = await usePostHogSandbox();
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
    await expectBytes('?width=99', w400);
    await expectBytes('?width=500', w600); // a tie between 400 and 600
    await expectBytes('?width=5000', w1440);
    for (const bad of ['abc', '1.5', '']) {
      const res = await content(sandbox, json.id, `?width=${bad}`);
      expect([res.status, res.json], bad).toEqual([
        400,
        { error: 'Invalid width parameter, must be an integer' },
      ]);
    }
  });

  const twice = (): [number, Buffer][] => [
    [150, solidJpeg(150, 10)],
    [150, solidJpeg(150, 10)],
  ];
  test.each([
    ['a PNG', 'images', 'invalid_image', () => [[100, Buffer.from('89504e470d0a1a0a0000', 'hex')]]],
    ['a truncated JPEG', null, 'invalid_image', () => [[120, solidJpeg(120, 80).subarray(0, 200)]]],
    [
      '17 images',
      'images',
      'max_length',
      () => Array.from({ length: 17 }, (_, i) => [100 + i, solidJpeg(100 + i, 10)]),
    ],
    ['no images', null, 'invalid', () => []],
    ['a width below 100', 'widths', 'min_value', () => [[99, solidJpeg(99, 10)]]],
    ['a width above 3000', 'widths', 'max_value', () => [[3001, solidJpeg(100, 10)]]],
    ['a repeated width', null, 'invalid', twice],
    ['an image 4001 px wide', null, 'image_too_large', () => [[1000, jpegClaiming(4001, 10)]]],
    ['an image 30001 px tall', null, 'image_too_large', () => [[1000, jpegClaiming(100, 30_001)]]],
    ['an image over 50 megapixels', null, 'image_too_large', () => [[1000, jpegClaiming(4000, 12_501)]]],
  ] as [string, string | null, string, () => [number, Buffer][]][])(
    '%s → 400 with attr %s (%s), nothing saved',
    async (_, attr, code, images) => {
      const sandbox = await usePostHogSandbox();
      const res = await upload(sandbox, images());
      expectError(res, 400, code, attr);
      expect(sandbox.state().posthog.saved_heatmaps).toEqual([]);
    },
  );

  test.each([
    [
      'a query string',
      'https://app.example.com/a?b=1',
      'invalid',
      'Wildcards are not allowed in the page URL.',
    ],
    ['parentheses', 'https://app.example.com/a(b)', 'invalid', 'Wildcards are not allowed in the page URL.'],
    ['a *', 'https://app.example.com/*', 'invalid', 'Wildcards are not allowed in the page URL.'],
    ['ftp', 'ftp://app.example.com/a', 'invalid', 'URL must start with http:// or https://.'],
    [
      '2001 characters',
      `https://app.example.com/${LONG(2001 - 24)}`,
      'max_length',
      'Ensure this field has no more than 2000 characters.',
    ],
  ])('a url with %s → 400 on url', async (_, url, code, detail) => {
    const sandbox = await usePostHogSandbox();
    const res = await upload(sandbox, [[200, solidJpeg(200, 10)]], { url, name: 'x' });
    expectError(res, 400, code, 'url');
    expect(res.json.detail).toBe(detail);
    expect(sandbox.state().posthog.saved_heatmaps).toEqual([]);
  });

  test('a missing url, a 401-character name, an image that is not image/* (415) and a JSON body (415) are refused', async () => {
    const sandbox = await usePostHogSandbox();
    const missing = await upload(sandbox, [[200, solidJpeg(200, 10)]], { name: 'x' } as never);
    expectError(missing, 400, 'required', 'url');
    const long = await upload(sandbox, [[200, solidJpeg(200, 10)]], {
      url: 'https://a.example.com/',
      name: LONG(401),
    });
    expectError(long, 400, 'max_length', 'name');
    const octets = uploadForm(
      { url: 'https://a.example.com/' },
      [[200, solidJpeg(200, 10)]],
      undefined,
      'application/octet-stream',
    );
    expectError(
      await ph(sandbox, CAPTURE(sandbox), { method: 'POST', form: octets }),
      415,
      'unsupported_media_type',
    );
    expectError(
      await ph(sandbox, CAPTURE(sandbox), { method: 'POST', body: { url: 'https://a.example.com/' } }),
      415,
      'unsupported_media_type',
    );
    expect(sandbox.state().posthog.saved_heatmaps).toEqual([]);
  });

  test('a captured heatmap cannot be regenerated (bare {"error"}) nor moved to another url or data_url; renaming works', async () => {
    const sandbox = await usePostHogSandbox();
    const { json } = await upload(sandbox, [[300, solidJpeg(300, 20)]]);
    const item = projectPath(sandbox, `saved/${json.short_id}/`);
    const regenerate = await ph(sandbox, `${item}regenerate/`, { method: 'POST' });
    expect([regenerate.status, regenerate.json]).toEqual([
      400,
      { error: "Toolbar-captured heatmaps can't be re-rendered on the server; re-capture from the toolbar" },
    ]);
    for (const body of [
      { url: `https://${PUBLIC_HOST}/elsewhere` },
      { data_url: 'https://app.example.com/*' },
    ]) {
      const moved = await ph(sandbox, item, { method: 'PATCH', body });
      expectError(moved, 400, 'invalid');
      expect(moved.json.detail).toMatch(/^Toolbar-captured heatmaps can't change their URL/);
    }
    const renamed = await ph(sandbox, item, { method: 'PATCH', body: { name: 'Renamed' } });
    expect([renamed.status, renamed.json.name, renamed.json.url]).toEqual([200, 'Renamed', json.url]);
    expect((await content(sandbox, json.id)).status).toBe(200);
  });
});

describe('server-side render (Chromium, no cookies)', () => {
  test('renders /demo/posthog.html full page: each section its colour at its y, the fixed button once', {
    timeout: 60_000,
  }, async () => {
    const sandbox = await usePostHogSandbox({ posthog: { renderMs: 0 } });
    const created = await createScreenshot(sandbox, publicUrl(sandbox, '/demo/posthog.html'), [1280]);
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
    const sandbox = await usePostHogSandbox({ posthog: { renderMs: 0 } });
    const render = async (path: string) => {
      const res = await createScreenshot(sandbox, publicUrl(sandbox, path), [600]);
      return { json: res.json, image: (await contentWhenReady(sandbox, res.json.id, 600)).bytes };
    };
    const account = await render('/demo/account.html');
    const login = await render('/demo/login.html');
    const shop = await render('/demo/both.html');
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

  test('a page that cannot be loaded marks the heatmap failed with the exception; content stays 202 with it', {
    timeout: 60_000,
  }, async () => {
    const sandbox = await usePostHogSandbox({ posthog: { renderMs: 0 } });
    const unreachable = new URL(publicUrl(sandbox, '/'));
    unreachable.port = '9';
    const created = await createScreenshot(sandbox, unreachable.href, [400]);
    const item = projectPath(sandbox, `saved/${created.json.short_id}/`);
    const failed = await waitFor(async () => {
      const res = await ph(sandbox, item);
      return res.json.status === 'processing' ? undefined : res.json;
    }, 30_000);
    expect(failed).toMatchObject({ status: 'failed', has_content: false });
    expect(failed.exception).toMatch(/net::ERR_/);
    const answer = await content(sandbox, created.json.id);
    expect([answer.status, answer.json.status]).toEqual([202, 'failed']);
    expect((await ph(sandbox, `${projectPath(sandbox, 'saved/')}?status=failed`)).json.count).toBe(1);
  });

  test.each([
    [
      'the sandbox itself (127.0.0.1)',
      (s: Sandbox) => `${s.url}/demo/posthog.html`,
      'Local/Loopback host not allowed',
    ],
    ['localhost', () => 'http://localhost:8080/', 'Local/Loopback host not allowed'],
    ['a private address', () => 'http://10.1.2.3/', 'Private IP address not allowed'],
    ['a link-local address', () => 'http://169.254.10.1/', 'Private IP address not allowed'],
    ['the metadata host', () => 'http://169.254.169.254/', 'Local/metadata host'],
    ['an internal suffix', () => 'https://wiki.corp/', 'Internal domain pattern blocked: .corp'],
    ['a name that does not resolve', () => 'https://unknown.example.org/', 'Could not resolve host'],
    [
      'a query string',
      (s: Sandbox) => publicUrl(s, '/demo/posthog.html?x=1'),
      'Wildcards are not allowed in the page URL.',
    ],
  ])('a server render or prewarm of %s → 400 on url, nothing saved', async (_, url, detail) => {
    const sandbox = await usePostHogSandbox();
    for (const path of ['saved/', 'saved/prewarm/']) {
      const res = await ph(sandbox, projectPath(sandbox, path), {
        method: 'POST',
        body: { url: url(sandbox) },
      });
      expectError(res, 400, 'invalid', 'url');
      expect(res.json.detail).toBe(detail);
    }
    expect(sandbox.state().posthog.saved_heatmaps).toEqual([]);
  });

  test('rendering time: settable per sandbox, by setRenderMs and by the admin route', {
    timeout: 60_000,
  }, async () => {
    const sandbox = await usePostHogSandbox({ posthog: { renderMs: 60_000 } });
    const { json } = await createScreenshot(sandbox, publicUrl(sandbox, '/demo/login.html'), [400]);
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
    const later = await createScreenshot(sandbox, publicUrl(sandbox, '/demo/login.html'), [400]);
    expect((await contentWhenReady(sandbox, later.json.id, undefined, 30_000)).status).toBe(200);
    expect((await content(sandbox, json.id)).status).toBe(202); // the first keeps its own ready time
  });

  test('regenerate of an iframe heatmap is a bare {"error"} 400', async () => {
    const sandbox = await usePostHogSandbox();
    const { json } = await ph(sandbox, projectPath(sandbox, 'saved/'), {
      method: 'POST',
      body: { url: `https://${PUBLIC_HOST}/`, type: 'iframe' },
    });
    const res = await ph(sandbox, projectPath(sandbox, `saved/${json.short_id}/regenerate/`), {
      method: 'POST',
    });
    expect([res.status, res.json]).toEqual([400, { error: 'Only screenshot heatmaps can be regenerated' }]);
    expect((await content(sandbox, json.id)).status).toBe(202);
  });
});
