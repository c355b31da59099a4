import type { PosthogJob, PosthogSaveContext, PosthogSaveInput } from '@/lib/providers/posthog/job';
import type { PosthogSettings } from '@/lib/providers/posthog/settings';

/**
 * PostHog test values and a fake PostHog that behaves as `shared/reference/posthog-api.md` says:
 * Bearer personal keys with scopes, `/api/projects/{id}/saved/…`, 201 on create (`url` without
 * wildcard characters, `data_url` may hold them), the browser-capture upload (multipart `url`,
 * `name`, repeated `images` + `widths`; `images[]` is never read; a `toolbar` heatmap), `heatmap_screenshots/{id}/content/?width=N` answering 202 with the
 * saved heatmap while rendering and 200 `image/jpeg` once done, 404 once deleted, errors as
 * `{type, code, detail, attr}`.
 */

export const API_URL = 'https://eu.posthog.com';
export const PROJECT_ID = '123';
export const API_KEY = 'phx_fullAccessKey0123456789';
/** A key with `heatmap:read` only. */
export const READ_ONLY_KEY = 'phx_readOnlyKey0123456789';
export const PROJECT_TOKEN = 'phc_realLikeToken0123456789abcdefghijklmnopq';
export const PAGE_URL = 'https://shop.example/account';
export const HEATMAP_ID = '0197a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
export const SHORT_ID = 'aBc123';
export const CAPTURED_AT = 1_795_610_577_747;

const SCOPES: Record<string, string[]> = {
  [API_KEY]: ['heatmap:read', 'heatmap:write', 'project:read'],
  [READ_ONLY_KEY]: ['heatmap:read'],
};

/**
 * A JPEG's bytes: start marker, an APP0 segment holding a little payload, a baseline frame
 * header giving its size in pixels (what capture-upload.ts reads), end marker.
 */
export function jpegBytes(
  payload: number[] = [1, 2, 3, 250],
  size = { width: 375, height: 800 },
): Uint8Array<ArrayBuffer> {
  const u16 = (n: number) => [n >> 8, n & 0xff];
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    ...u16(2 + payload.length),
    ...payload,
    0xff,
    0xc0,
    ...u16(11),
    8,
    ...u16(size.height),
    ...u16(size.width),
    1,
    1,
    0x11,
    0,
    0xff,
    0xd9,
  ]);
}

export function jpegBlob(payload?: number[], size?: { width: number; height: number }): Blob {
  return new Blob([jpegBytes(payload, size)], { type: 'image/jpeg' });
}

export function posthogSettings(overrides: Partial<PosthogSettings> = {}): PosthogSettings {
  return { apiUrl: API_URL, projectId: PROJECT_ID, apiKey: API_KEY, ...overrides };
}

export function posthogContext(overrides: Partial<PosthogSaveContext> = {}): PosthogSaveContext {
  return {
    tabId: 7,
    instance: {
      name: 'posthog',
      token: PROJECT_TOKEN,
      apiHost: 'https://eu.i.posthog.com',
      uiHost: null,
      sessionId: '0197a2b4-0000-7e8f-9a0b-1c2d3e4f5a6b',
      distinctId: 'user-42',
      recording: 'recording',
    },
    capturedAt: CAPTURED_AT,
    ...overrides,
  };
}

export function posthogInput(overrides: Partial<PosthogSaveInput> = {}): PosthogSaveInput {
  return {
    name: 'Account (logged in)',
    pageUrl: PAGE_URL,
    dataUrl: PAGE_URL,
    source: 'capture',
    widths: [1024],
    ...overrides,
  };
}

/** A capture job as `posthog:save` writes it: the picture (1280 px wide) waits in session storage. */
export function captureJob(overrides: Partial<PosthogJob> = {}): PosthogJob {
  return {
    id: 'job-ph-1',
    provider: 'posthog',
    createdAt: CAPTURED_AT,
    label: '“Account (logged in)” · PostHog',
    context: posthogContext(),
    input: posthogInput(),
    captures: [{ width: 1280, height: 3400, truncated: false }],
    state: 'waiting',
    progress: 'Starting…',
    attempts: 0,
    ...overrides,
  };
}

/** A render job: PostHog's renderer loads the URL itself at each width. */
export function renderJob(overrides: Partial<PosthogJob> = {}): PosthogJob {
  return captureJob({
    id: 'job-ph-render',
    input: posthogInput({
      name: 'Pricing',
      pageUrl: 'https://shop.example/pricing',
      dataUrl: 'https://shop.example/pricing',
      source: 'render',
      widths: [1024, 375],
    }),
    captures: undefined,
    ...overrides,
  });
}

/** A saved heatmap as PostHog answers it. */
export function savedHeatmapJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: HEATMAP_ID,
    short_id: SHORT_ID,
    name: 'Account (logged in)',
    url: PAGE_URL,
    data_url: PAGE_URL,
    target_widths: [1280],
    type: 'screenshot',
    status: 'processing',
    has_content: false,
    snapshots: [{ width: 1280, has_content: false }],
    deleted: false,
    created_by: { id: 1, email: 'a@b.example' },
    created_at: '2026-08-01T10:00:00Z',
    updated_at: '2026-08-01T10:00:00Z',
    exception: null,
    ...overrides,
  };
}

export interface RecordedRequest {
  method: string;
  url: URL;
  /** Path under `/api/projects/{id}/` (or the absolute path for project listing). */
  path: string;
  headers: Headers;
  json?: unknown;
  form?: FormData;
}

export interface FakePosthogOptions {
  /** How many content requests answer 202 before the JPEG is served. */
  renderingPolls?: number;
  /** The renderer gives up: content answers 202 with `status: failed` and this exception. */
  renderFails?: string;
  /** Never finishes rendering. */
  neverRenders?: boolean;
  /** Saved heatmaps already in the project. */
  heatmaps?: Record<string, unknown>[];
  /** The JPEG served for a server render. */
  renderedJpeg?: Uint8Array<ArrayBuffer>;
  /** Projects the key may list. */
  projects?: Array<{ id: number; name: string; api_token: string }>;
  /** JPEGs already rendered for seeded heatmaps, by UUID. */
  rendered?: Record<string, Uint8Array<ArrayBuffer>>;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function errorBody(status: number, type: string, code: string, detail: string, attr: string | null = null) {
  return json(status, { type, code, detail, attr });
}

/** A fake PostHog behind a `fetch`; `requests` records every call, `heatmaps` is its state. */
export function fakePosthog(options: FakePosthogOptions = {}) {
  const requests: RecordedRequest[] = [];
  const heatmaps: Record<string, unknown>[] = [...(options.heatmaps ?? [])];
  /** The JPEG bytes each heatmap's content serves once rendered, by UUID. */
  const pictures = new Map<string, Uint8Array<ArrayBuffer>>(Object.entries(options.rendered ?? {}));
  const contentPolls = new Map<string, number>();
  let created = 0;

  function newHeatmap(fields: Record<string, unknown>): Record<string, unknown> {
    created += 1;
    const heatmap = savedHeatmapJson({
      id: created === 1 ? HEATMAP_ID : `0197a2b4-5c6d-7e8f-9a0b-${String(created).padStart(12, '0')}`,
      short_id: created === 1 ? SHORT_ID : `sh${created}`,
      ...fields,
    });
    heatmaps.push(heatmap);
    return heatmap;
  }

  function handle(method: string, url: URL, headers: Headers, request: RecordedRequest): Response {
    const key = /^Bearer (.+)$/.exec(headers.get('Authorization') ?? '')?.[1] ?? '';
    const scopes = SCOPES[key];
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
      const projects = options.projects ?? [
        { id: 7, name: 'Other', api_token: 'phc_other0123456789' },
        { id: Number(PROJECT_ID), name: 'Shop', api_token: PROJECT_TOKEN },
      ];
      return need('project:read') ?? json(200, { count: projects.length, next: null, results: projects });
    }
    const match = /^\/api\/projects\/(\d+)\/(.*)$/.exec(url.pathname);
    if (!match || match[1] !== PROJECT_ID)
      return errorBody(404, 'invalid_request', 'not_found', 'Not found.');
    const rest = match[2] ?? '';
    request.path = rest;
    const denied = need(method === 'GET' ? 'heatmap:read' : 'heatmap:write');
    if (denied) return denied;

    if (rest === 'saved/' && method === 'GET')
      return json(200, { count: heatmaps.length, results: heatmaps });
    if (rest === 'saved/' && method === 'POST') {
      const body = request.json as Record<string, unknown>;
      if (typeof body.url !== 'string')
        return errorBody(400, 'validation_error', 'required', 'This field is required.', 'url');
      if (/[*+?^${}()|[\]\\]/.test(body.url)) return wildcardsRefused();
      const widths = (body.widths as number[] | undefined) ?? [320, 375, 425, 768, 1024, 1440, 1920];
      const heatmap = newHeatmap({
        name: body.name ?? null,
        url: body.url,
        data_url: body.data_url ?? body.url,
        target_widths: widths,
        type: body.type ?? 'screenshot',
        snapshots: widths.map((width) => ({ width, has_content: false })),
      });
      pictures.set(heatmap.id as string, options.renderedJpeg ?? jpegBytes([9, 9, 9]));
      return json(201, heatmap);
    }
    if (rest === 'saved/capture/' && method === 'POST') {
      const form = request.form;
      const url = form?.get('url');
      if (typeof url !== 'string' || /[*+?^${}()|[\]\\]/.test(url)) return wildcardsRefused();
      const images = form?.getAll('images') ?? [];
      const widths = (form?.getAll('widths') ?? []).map(Number);
      if (images.length === 0 || widths.length === 0)
        return errorBody(400, 'validation_error', 'invalid', "Provide 'image'+'width' or 'images'+'widths'.");
      if (images.length !== widths.length)
        return errorBody(
          400,
          'validation_error',
          'invalid',
          "'images' and 'widths' must be the same length.",
        );
      const heatmap = newHeatmap({
        name: form?.get('name') || url,
        url,
        data_url: url,
        source: 'toolbar',
        status: 'completed',
        target_widths: widths,
        snapshots: widths.map((width) => ({ width, has_content: false })),
      });
      return json(201, heatmap);
    }
    const content = /^heatmap_screenshots\/([^/]+)\/content\/$/.exec(rest);
    if (content && method === 'GET') {
      const heatmap = heatmaps.find((candidate) => candidate.id === content[1]);
      if (!heatmap || heatmap.deleted) return errorBody(404, 'invalid_request', 'not_found', 'Not found.');
      const width = Number(url.searchParams.get('width') ?? '1024');
      if (!Number.isInteger(width) || width < 100 || width > 3000)
        return errorBody(400, 'validation_error', 'invalid_input', 'Bad width.', 'width');
      const polls = (contentPolls.get(heatmap.id as string) ?? 0) + 1;
      contentPolls.set(heatmap.id as string, polls);
      if (options.renderFails !== undefined)
        return json(202, { ...heatmap, status: 'failed', exception: options.renderFails });
      const picture = pictures.get(heatmap.id as string);
      if (options.neverRenders || picture === undefined || polls <= (options.renderingPolls ?? 1))
        return json(202, heatmap);
      Object.assign(heatmap, { status: 'completed', has_content: true });
      return new Response(picture.slice(), { status: 200, headers: { 'Content-Type': 'image/jpeg' } });
    }
    return errorBody(404, 'invalid_request', 'not_found', 'Not found.');
  }

  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const headers = new Headers(init.headers);
    const method = init.method ?? 'GET';
    const request: RecordedRequest = { method, url, path: url.pathname, headers };
    if (init.body instanceof FormData) request.form = init.body;
    else if (typeof init.body === 'string') request.json = JSON.parse(init.body);
    requests.push(request);
    const response = handle(method, url, headers, request);
    // An uploaded picture is what the content endpoint serves back once "rendered".
    if (request.form && response.status === 201) {
      const heatmap = heatmaps[heatmaps.length - 1];
      const image = request.form.get('images');
      if (heatmap && image instanceof Blob)
        pictures.set(heatmap.id as string, new Uint8Array(await image.arrayBuffer()));
    }
    return response;
  };

  /** Requests other than polling the screenshot, as `METHOD path`. */
  const writes = () =>
    requests
      .filter((request) => request.method !== 'GET')
      .map((request) => `${request.method} ${request.path}`);

  return { fetch, requests, heatmaps, writes };
}

export type FakePosthog = ReturnType<typeof fakePosthog>;

/** PostHog's answer to a page URL holding a pattern character (heatmaps_api.py `_reject_url_wildcards`). */
function wildcardsRefused(): Response {
  return errorBody(400, 'validation_error', 'invalid', 'Wildcards are not allowed in the page URL.', 'url');
}
