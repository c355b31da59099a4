import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { activeTime } from '@/lib/jobs/job';
import { createPosthogBackground, type PosthogCore } from '@/lib/providers/posthog/background';
import { type PosthogJob, PosthogJobSchema } from '@/lib/providers/posthog/job';
import { POSTHOG_MESSAGES } from '@/lib/providers/posthog/protocol';
import type { PosthogSettings } from '@/lib/providers/posthog/settings';
import type { SaveJob } from '@/lib/providers/registry';
import { keyHint } from '@/lib/shared/key-hint';
import { readCapturedPicture, readSettings, writeCapturedPicture } from '@/lib/storage/items';
import { blobToDataUrl, captureTab } from '@/lib/tab-capture/capture-tab';
import { grantAllHostAccess } from './fixtures';
import {
  API_KEY,
  API_URL,
  captureJob,
  type FakePosthog,
  fakePosthog,
  HEATMAP_ID,
  jpegBlob,
  jpegBytes,
  PAGE_URL,
  PROJECT_ID,
  PROJECT_TOKEN,
  posthogContext,
  posthogInput,
  posthogSettings,
  READ_ONLY_KEY,
  SHORT_ID,
  savedHeatmapJson,
} from './posthog-fixtures';

/**
 * PostHog's background half as the router calls it: settings in fakeBrowser's `storage.local`,
 * captured pictures in its `storage.session`, PostHog behind a stubbed global `fetch` (the fake of
 * posthog-fixtures.ts), and the tab capture replaced so no test touches a page.
 */

vi.mock('@/lib/tab-capture/capture-tab', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/tab-capture/capture-tab')>()),
  captureTab: vi.fn(),
}));
const captureTabMock = vi.mocked(captureTab);

let server: FakePosthog;
let fetchSpy: ReturnType<typeof vi.fn<FakePosthog['fetch']>>;

beforeEach(() => {
  fakeBrowser.reset();
  grantAllHostAccess();
  captureTabMock.mockReset();
  // The tab is as wide as the inputs' one capture width: pictured as it is, no layout.
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([
    { frameId: 0, documentId: 'doc', result: { width: 1024, height: 800 } },
  ] as Awaited<ReturnType<typeof fakeBrowser.scripting.executeScript>>);
  server = fakePosthog();
  fetchSpy = vi.fn(server.fetch);
  vi.stubGlobal('fetch', fetchSpy);
});
afterEach(() => vi.unstubAllGlobals());

/** Settings as the options page stores them (version 2: one entry per provider). */
async function seedSettings(
  settings: PosthogSettings = posthogSettings(),
  others: Record<string, unknown> = {},
) {
  await fakeBrowser.storage.local.set({ settings: { ...others, posthog: settings }, settings$: { v: 2 } });
}

function posthogBackground() {
  const startJob = vi.fn(async (job: SaveJob) => job);
  return { ...createPosthogBackground({ startJob: startJob as PosthogCore['startJob'] }), startJob };
}

function useServer(next: FakePosthog) {
  server = next;
  fetchSpy.mockImplementation(next.fetch);
}

function bytesOfDataUrl(dataUrl: string): number[] {
  const base64 = dataUrl.replace(/^data:image\/jpeg;base64,/, '');
  return [...atob(base64)].map((character) => character.charCodeAt(0));
}

describe('posthog:list-heatmaps', () => {
  test("returns only this page's heatmaps that are not deleted, newest first", async () => {
    await seedSettings();
    useServer(
      fakePosthog({
        heatmaps: [
          savedHeatmapJson({ short_id: 'older', created_at: '2026-08-01T10:00:00Z' }),
          savedHeatmapJson({
            short_id: 'other',
            url: 'https://shop.example/pricing',
            created_at: '2026-08-04T10:00:00Z',
          }),
          savedHeatmapJson({ short_id: 'newest', created_at: '2026-08-03T09:00:00Z' }),
          savedHeatmapJson({ short_id: 'gone', deleted: true, created_at: '2026-08-05T10:00:00Z' }),
          savedHeatmapJson({
            short_id: 'query',
            url: `${PAGE_URL}?tab=2`,
            created_at: '2026-08-05T10:00:00Z',
          }),
          savedHeatmapJson({ short_id: 'middle', created_at: '2026-08-02T10:00:00Z' }),
        ],
      }),
    );
    const listed = await posthogBackground().handlers['posthog:list-heatmaps']({ pageUrl: PAGE_URL });
    expect(listed.map((heatmap) => heatmap.short_id)).toEqual(['newest', 'middle', 'older']);
    expect(POSTHOG_MESSAGES['posthog:list-heatmaps'].response.safeParse(listed).success).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url.href).toBe(`${API_URL}/api/projects/${PROJECT_ID}/saved/?limit=100`);
    expect(server.requests[0]?.headers.get('Authorization')).toBe(`Bearer ${API_KEY}`);
  });

  test('a tab whose address has a query and a fragment lists the heatmaps stored under the address PostHog accepts', async () => {
    await seedSettings();
    useServer(
      fakePosthog({
        heatmaps: [
          savedHeatmapJson({ short_id: 'saved', created_at: '2026-08-01T10:00:00Z' }),
          savedHeatmapJson({ short_id: 'other', url: 'https://shop.example/pricing' }),
        ],
      }),
    );
    const listed = await posthogBackground().handlers['posthog:list-heatmaps']({
      pageUrl: `${PAGE_URL}?tab=2#top`,
    });
    expect(listed.map((heatmap) => heatmap.short_id)).toEqual(['saved']);
  });
});

describe('posthog:get-screenshot', () => {
  test('a data:image/jpeg URL whose bytes are the JPEG PostHog served; rendering on a 202', async () => {
    await seedSettings();
    const served = jpegBytes([0, 1, 127, 128, 200, 255, 42]);
    useServer(
      fakePosthog({
        heatmaps: [savedHeatmapJson()],
        rendered: { [HEATMAP_ID]: served },
        renderingPolls: 1,
      }),
    );
    const { handlers } = posthogBackground();

    const first = await handlers['posthog:get-screenshot']({ id: HEATMAP_ID, width: 1280 });
    expect(first).toEqual({ state: 'rendering' });

    const second = await handlers['posthog:get-screenshot']({ id: HEATMAP_ID, width: 1280 });
    expect(second.state).toBe('ready');
    const dataUrl = second.state === 'ready' ? second.dataUrl : '';
    expect(dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect(bytesOfDataUrl(dataUrl)).toEqual([...served]);
    expect(POSTHOG_MESSAGES['posthog:get-screenshot'].response.safeParse(second).success).toBe(true);
    expect(server.requests.map((request) => request.url.pathname + request.url.search)).toEqual([
      `/api/projects/${PROJECT_ID}/heatmap_screenshots/${HEATMAP_ID}/content/?width=1280`,
      `/api/projects/${PROJECT_ID}/heatmap_screenshots/${HEATMAP_ID}/content/?width=1280`,
    ]);
  });
});

describe('posthog:find-project', () => {
  test("stores the project whose token is the page's, and leaves the key as it was", async () => {
    await seedSettings(posthogSettings({ projectId: '' }));
    const answer = await posthogBackground().handlers['posthog:find-project']({ token: PROJECT_TOKEN });
    expect(answer).toEqual({
      projectId: PROJECT_ID,
      message: `This page reports to project “Shop” (${PROJECT_ID}).`,
    });
    expect(await readSettings('posthog')).toEqual({
      apiUrl: API_URL,
      projectId: PROJECT_ID,
      apiKey: API_KEY,
    });
    expect(server.requests.map((request) => request.url.pathname)).toEqual(['/api/projects/']);
  });

  test('a key that may not list projects: no id, a sentence, settings untouched', async () => {
    await seedSettings(posthogSettings({ projectId: '', apiKey: READ_ONLY_KEY }));
    const answer = await posthogBackground().handlers['posthog:find-project']({ token: PROJECT_TOKEN });
    expect(answer.projectId).toBeNull();
    expect(answer.message).toContain('project:read');
    expect(await readSettings('posthog')).toEqual(posthogSettings({ projectId: '', apiKey: READ_ONLY_KEY }));
  });
});

describe('posthog:save-settings', () => {
  const datadog = { site: 'datadoghq.eu', apiKey: 'dd-api', appKey: 'dd-app', apiUrl: '' };

  test('an empty or omitted key keeps the stored key; other providers’ settings are kept', async () => {
    await seedSettings(posthogSettings(), { datadog });
    const { handlers } = posthogBackground();

    const visible = await handlers['posthog:save-settings']({
      apiUrl: ' https://us.posthog.com/ ',
      projectId: '456',
      apiKey: '',
    });
    expect(visible).toEqual({
      apiUrl: 'https://us.posthog.com',
      projectId: '456',
      apiKeyHint: keyHint(API_KEY),
      apiUrlIsCloud: true,
      needsFixing: null,
    });
    expect(JSON.stringify(visible)).not.toContain(API_KEY);
    expect(await readSettings('posthog')).toEqual({
      apiUrl: 'https://us.posthog.com',
      projectId: '456',
      apiKey: API_KEY,
    });

    await handlers['posthog:save-settings']({ apiUrl: API_URL, projectId: '789' });
    expect(await readSettings('posthog')).toEqual({ apiUrl: API_URL, projectId: '789', apiKey: API_KEY });
    const stored = (await fakeBrowser.storage.local.get('settings')).settings as Record<string, unknown>;
    expect(stored.datadog).toEqual(datadog);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  test('refuses an address with a path with a sentence, and stores nothing', async () => {
    await seedSettings();
    await expect(
      posthogBackground().handlers['posthog:save-settings']({
        apiUrl: 'https://eu.posthog.com/api/projects',
        projectId: '456',
        apiKey: 'phx_newKey0123456789',
      }),
    ).rejects.toThrow('PostHog URL must be an address with no path, like https://eu.posthog.com');
    expect(await readSettings('posthog')).toEqual(posthogSettings());
  });
});

describe('posthog:save', () => {
  test('without settings: says to add the key, before touching the page or starting a job', async () => {
    const { handlers, startJob } = posthogBackground();
    for (const source of ['capture', 'render'] as const) {
      await expect(
        handlers['posthog:save']({ context: posthogContext(), input: posthogInput({ source }) }),
      ).rejects.toThrow('Add your PostHog personal API key and project ID in the extension settings first.');
    }
    expect(captureTabMock).not.toHaveBeenCalled();
    expect(startJob).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  test('a key without a project id is not enough either', async () => {
    await seedSettings(posthogSettings({ projectId: '' }));
    const { handlers } = posthogBackground();
    await expect(
      handlers['posthog:save']({ context: posthogContext(), input: posthogInput() }),
    ).rejects.toThrow('Add your PostHog personal API key and project ID');
    expect(captureTabMock).not.toHaveBeenCalled();
  });

  test('capture: pictures the tab now, keeps the JPEG in session storage under the job id, starts the job with its width', async () => {
    await seedSettings();
    const jpeg = jpegBlob([4, 4, 4, 200]);
    captureTabMock.mockResolvedValue({
      jpeg,
      width: 1280,
      height: 3400,
      slices: 5,
      truncated: false,
      imageScale: 1,
    });
    const { handlers, startJob } = posthogBackground();
    const context = posthogContext({ tabId: 42 });
    const input = posthogInput();

    const job = await handlers['posthog:save']({ context, input });

    expect(captureTabMock).toHaveBeenCalledTimes(1);
    expect(captureTabMock.mock.calls[0]?.[0]).toBe(42);
    expect(startJob).toHaveBeenCalledTimes(1);
    const started = startJob.mock.calls[0]?.[0] as PosthogJob;
    expect(started).toEqual(job);
    expect(started).toMatchObject({
      provider: 'posthog',
      state: 'waiting',
      attempts: 0,
      context,
      input,
      captures: [{ width: 1280, height: 3400, truncated: false }],
      label: '“Account (logged in)” · PostHog',
    });
    expect(started.result).toBeUndefined();
    expect(PosthogJobSchema.safeParse(started).success).toBe(true);

    const key = `capture:${job.id}:1280`;
    const dataUrl = (await fakeBrowser.storage.session.get(key))[key] as string;
    expect(dataUrl).toBe(await blobToDataUrl(jpeg));
    expect(bytesOfDataUrl(dataUrl)).toEqual([...jpegBytes([4, 4, 4, 200])]);
    expect(await readCapturedPicture(job.id, 1280)).toBe(dataUrl);
    // Nothing is sent from the handler itself: the job runner does the upload.
    expect(fetchSpy).not.toHaveBeenCalled();
    // The picture was taken before the job was handed over.
    expect(captureTabMock.mock.invocationCallOrder[0]).toBeLessThan(
      startJob.mock.invocationCallOrder[0] ?? 0,
    );
  });

  test('two saves get their own ids and their own pictures', async () => {
    await seedSettings();
    captureTabMock
      .mockResolvedValueOnce({
        jpeg: jpegBlob([1]),
        width: 1280,
        height: 900,
        slices: 1,
        truncated: false,
        imageScale: 1,
      })
      .mockResolvedValueOnce({
        jpeg: jpegBlob([2]),
        width: 375,
        height: 900,
        slices: 1,
        truncated: false,
        imageScale: 1,
      });
    const { handlers } = posthogBackground();
    const first = await handlers['posthog:save']({ context: posthogContext(), input: posthogInput() });
    const second = await handlers['posthog:save']({ context: posthogContext(), input: posthogInput() });
    expect(first.id).not.toBe(second.id);
    expect(bytesOfDataUrl((await readCapturedPicture(first.id, 1280)) ?? '')).toEqual([...jpegBytes([1])]);
    expect(bytesOfDataUrl((await readCapturedPicture(second.id, 375)) ?? '')).toEqual([...jpegBytes([2])]);
    expect(second.captures?.map((capture) => capture.width)).toEqual([375]);
  });

  test('capture at other widths: laid out through the debugger, pictured at each, every picture kept, the layout ended', async () => {
    await seedSettings();
    const commands: string[] = [];
    // The page's width follows the emulated one; a picture not taken through the session has none.
    let laidOutWidth = 1024;
    Object.defineProperty(fakeBrowser, 'debugger', {
      configurable: true,
      value: {
        attach: async () => void commands.push('attach'),
        detach: async () => void commands.push('detach'),
        sendCommand: async (_target: unknown, method: string, params?: { width?: number }) => {
          commands.push(params?.width === undefined ? method : `${method} ${params.width}`);
          if (params?.width !== undefined) laidOutWidth = params.width;
          return method === 'Page.captureScreenshot' ? { data: 'iVBORw0KGgo=' } : {};
        },
      },
    });
    try {
      captureTabMock.mockImplementation(async (_tabId, _onProgress, viewportShot) => {
        if (viewportShot === undefined) throw new Error('pictured the window, not the laid-out viewport');
        await viewportShot();
        return {
          jpeg: jpegBlob([laidOutWidth % 251]),
          width: laidOutWidth,
          height: 900,
          slices: 1,
          truncated: false,
          imageScale: 1,
        };
      });
      const { handlers, startJob } = posthogBackground();
      const job = await handlers['posthog:save']({
        context: posthogContext({ tabId: 42 }),
        input: posthogInput({ widths: [375, 1280] }),
      });
      expect(job.captures?.map((capture) => capture.width)).toEqual([375, 1280]);
      expect(startJob).toHaveBeenCalledWith(job);
      expect(commands[0]).toBe('attach');
      expect(commands.at(-1)).toBe('detach');
      expect(commands.filter((command) => command.startsWith('Emulation.setDeviceMetricsOverride'))).toEqual([
        'Emulation.setDeviceMetricsOverride 375',
        'Emulation.setDeviceMetricsOverride 1280',
      ]);
      expect(bytesOfDataUrl((await readCapturedPicture(job.id, 375)) ?? '')).toEqual([
        ...jpegBytes([375 % 251]),
      ]);
      expect(bytesOfDataUrl((await readCapturedPicture(job.id, 1280)) ?? '')).toEqual([
        ...jpegBytes([1280 % 251]),
      ]);
    } finally {
      Reflect.deleteProperty(fakeBrowser, 'debugger');
    }
  });

  test('capture at other widths where the page cannot be laid out (no debugger): a sentence, nothing kept, no job', async () => {
    await seedSettings();
    const { handlers, startJob } = posthogBackground();
    await expect(
      handlers['posthog:save']({ context: posthogContext(), input: posthogInput({ widths: [375, 1280] }) }),
    ).rejects.toThrow('The page could not be laid out at other widths');
    expect(captureTabMock).not.toHaveBeenCalled();
    expect(startJob).not.toHaveBeenCalled();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  test('render: no picture is taken; the job goes to PostHog without a capture', async () => {
    await seedSettings();
    const { handlers, startJob } = posthogBackground();
    const input = posthogInput({ source: 'render', widths: [1024, 375] });
    const job = await handlers['posthog:save']({ context: posthogContext(), input });
    expect(captureTabMock).not.toHaveBeenCalled();
    expect(job.captures).toBeUndefined();
    expect(startJob).toHaveBeenCalledWith(job);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

describe('runJob', () => {
  test('uploads the picture kept in session storage, then removes it', async () => {
    await seedSettings();
    const job = captureJob();
    const picture = jpegBlob([7, 7, 7]);
    await writeCapturedPicture(job.id, 1280, await blobToDataUrl(picture));
    const updates: string[] = [];
    const finished = await posthogBackground().runJob(job, {
      now: () => 0,
      time: activeTime({}, { monotonic: () => 0 }),
      sleep: async () => undefined,
      update: async (update) => {
        updates.push(update.state);
      },
    });
    expect(finished).toMatchObject({
      state: 'done',
      result: { id: HEATMAP_ID, shortId: SHORT_ID, width: 1280, imageReady: true },
    });
    const upload = server.requests.find((request) => request.path === 'saved/capture/');
    const image = upload?.form?.get('images');
    expect(image instanceof Blob && [...new Uint8Array(await image.arrayBuffer())]).toEqual([
      ...jpegBytes([7, 7, 7]),
    ]);
    expect(upload?.form?.getAll('widths')).toEqual(['1280']);
    expect(await readCapturedPicture(job.id, 1280)).toBeNull();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(updates[0]).toBe('sending');
  });

  test('the picture gone from session storage: failed, asking to save again, nothing sent', async () => {
    await seedSettings();
    const finished = await posthogBackground().runJob(captureJob(), {
      now: () => 0,
      time: activeTime({}, { monotonic: () => 0 }),
      sleep: async () => undefined,
      update: async () => undefined,
    });
    expect(finished.state).toBe('failed');
    expect(finished.error).toContain('Save again.');
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
