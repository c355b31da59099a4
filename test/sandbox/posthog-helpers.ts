import jpeg from 'jpeg-js';
import { expect } from 'vitest';
import type { Sandbox, SandboxOptions } from '../../sandbox/server';
import { decodeJpeg, nearWithin, pixel } from '../harness/jpeg';
import { useSandbox, waitFor } from './helpers';

/** Calls to the sandbox's PostHog API, JPEG fixtures and pixel checks for `test/sandbox/posthog-*`. */

export interface PhCall {
  method?: string;
  /** JSON body (a string is sent as is); or a multipart form. */
  body?: unknown;
  form?: FormData;
  /** Personal API key; default the full key; null sends no Authorization header. */
  key?: string | null;
}

export interface PhResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
  json: any;
}

/**
 * The public-looking name these tests give pages PostHog renders: the stand-in's resolver treats
 * it as a site on the internet and its renderer reaches the sandbox under it (sandbox/posthog/page-url.ts).
 */
export const PUBLIC_HOST = 'shop.example.com';

/** A sandbox whose PostHog half knows PUBLIC_HOST as public. */
export function usePostHogSandbox(options: SandboxOptions = {}) {
  return useSandbox({ ...options, posthog: { publicHosts: [PUBLIC_HOST], ...options.posthog } });
}

/** The sandbox's `path` under PUBLIC_HOST (what a server render may be asked for). */
export function publicUrl(sandbox: Sandbox, path: string): string {
  const url = new URL(path, sandbox.url);
  url.hostname = PUBLIC_HOST;
  return url.href;
}

export function projectPath(sandbox: Sandbox, tail: string, base: 'projects' | 'environments' = 'projects') {
  return `/api/${base}/${sandbox.posthog.projectId}/${tail}`;
}

export async function ph(sandbox: Sandbox, path: string, call: PhCall = {}): Promise<PhResponse> {
  const headers: Record<string, string> = {};
  const key = call.key === undefined ? sandbox.posthog.fullKey : call.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  let body: string | FormData | undefined;
  if (call.form) body = call.form;
  else if (call.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
  }
  const res = await fetch(`${sandbox.url}${path}`, { method: call.method ?? 'GET', headers, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  const isJson = res.headers.get('content-type')?.startsWith('application/json');
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    json: isJson ? JSON.parse(bytes.toString()) : undefined,
  };
}

/** Asserts a PostHog error body. */
export function expectError(res: PhResponse, status: number, code: string, attr: string | null = null) {
  expect({ status: res.status, code: res.json?.code, attr: res.json?.attr }).toEqual({ status, code, attr });
  expect(Object.keys(res.json).sort()).toEqual(['attr', 'code', 'detail', 'type']);
  expect(typeof res.json.detail).toBe('string');
}

/** A solid-colour JPEG of the given size. */
export function solidJpeg(width: number, height: number, rgb = { r: 200, g: 40, b: 40 }): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = rgb.r;
    data[i + 1] = rgb.g;
    data[i + 2] = rgb.b;
    data[i + 3] = 255;
  }
  return jpeg.encode({ width, height, data }, 90).data;
}

/** A `saved/capture/` body as PostHog's toolbar sends it: repeated `images` and `widths` (names overridable). */
export function uploadForm(
  fields: { url?: string; name?: string; data_url?: string },
  images: [number, Buffer][],
  names = { images: 'images', widths: 'widths' },
  type = 'image/jpeg',
) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.append(key, value);
  for (const [width, bytes] of images) {
    form.append(names.images, new Blob([new Uint8Array(bytes)], { type }), `${width}.jpg`);
    form.append(names.widths, String(width));
  }
  return form;
}

/** Polls `content/` until it stops answering 202; returns the final response. */
export async function contentWhenReady(sandbox: Sandbox, id: string, width?: number, timeoutMs = 30_000) {
  const query = width === undefined ? '' : `?width=${width}`;
  return waitFor(async () => {
    const res = await ph(sandbox, projectPath(sandbox, `heatmap_screenshots/${id}/content/${query}`), {
      key: sandbox.posthog.readKey,
    });
    return res.status === 202 ? undefined : res;
  }, timeoutMs);
}

export { decodeJpeg, pixel };

/** Server renders and fixtures are compared closely. */
export const near = nearWithin(24);
