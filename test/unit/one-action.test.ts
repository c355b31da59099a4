import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createOneAction, type OneActionDeps } from '@/lib/background/one-action';
import type { Detection } from '@/lib/messages/protocol';
import { createDatadogBackground } from '@/lib/providers/datadog/background';
import type { DatadogDetection } from '@/lib/providers/datadog/context';
import { defaultSaveInput } from '@/lib/providers/datadog/default-input';
import { parseDatadogDetection } from '@/lib/providers/datadog/parse';
import { heatmapsLink } from '@/lib/providers/datadog/sites';
import { defaultPosthogSaveInput } from '@/lib/providers/posthog/default-input';
import type { SaveJob } from '@/lib/providers/registry';
import { writeJob, writeSettings } from '@/lib/storage/items';
import { grantAllHostAccess, pageContext, pageInfo, readyProbe, saveJob } from './fixtures';

const TAB = 7;

/** What detection reads on a page with Datadog RUM ready (and recording), or as `edit` changes it. */
function detection(edit: (datadog: DatadogDetection) => DatadogDetection = (datadog) => datadog): Detection {
  const page = pageInfo();
  return {
    status: 'read',
    page,
    providers: { datadog: edit(parseDatadogDetection(readyProbe(), page)), posthog: { status: 'absent' } },
    frameId: null,
    frames: [],
  };
}

function readyContext() {
  const datadog = (detection() as Extract<Detection, { status: 'read' }>).providers.datadog;
  if (datadog.status !== 'ready') throw new Error('expected a ready detection');
  return datadog.context;
}

function setup(detected: Detection = detection()) {
  // The real Datadog save handler (it checks the serving profile's keys), storing nothing.
  const startJob = vi.fn(async (job: SaveJob) => ({ ...job, id: 'job-9' }));
  const datadog = createDatadogBackground({
    startJob: startJob as <J extends SaveJob>(job: J) => Promise<J>,
    detect: async () => detected,
    runInPage: async () => undefined,
    sleep: async () => undefined,
  });
  const deps = {
    detect: vi.fn(async () => detected),
    save: {
      'datadog:save': vi.fn(datadog.handlers['datadog:save']),
      'posthog:save': vi.fn(async () => {
        throw new Error('not expected');
      }),
    },
    openPopup: vi.fn(async () => undefined),
    openUrl: vi.fn(async () => undefined),
  } satisfies OneActionDeps;
  return { deps, startJob, oneAction: createOneAction(deps) };
}

const shown = async () => Object.keys(await fakeBrowser.notifications.getAll());

beforeEach(async () => {
  fakeBrowser.reset();
  grantAllHostAccess();
  await writeSettings('datadog', {
    site: 'datadoghq.eu',
    credential: { kind: 'keys' as const },
    appUrl: '',
    apiUrl: '',
    apiKey: 'a'.repeat(32),
    appKey: 'b'.repeat(40),
  });
});

describe('default save inputs (shared by the popup and one-action saves)', () => {
  it('Datadog: the page’s view name through the name rule, a dated snapshot name, the detected device', () => {
    const input = defaultSaveInput(pageContext({ viewName: '\u202E/cart', deviceGuess: 'mobile' }));
    expect(input).toEqual({
      viewName: '/cart',
      snapshotName: expect.stringMatching(/^\/cart · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      deviceType: 'mobile',
      deviceTypeSelectedByUser: false,
    });
  });

  it('PostHog: the page path as name, a capture at the tab’s width, no data URL of its own', () => {
    const parsed = defaultPosthogSaveInput(pageInfo());
    expect(parsed.success && parsed.data).toEqual({
      name: expect.stringMatching(/^\/products\/42 · /),
      pageUrl: 'https://shop.example/products/42?ref=home#top',
      source: 'capture',
      widths: [1280],
    });
  });
});

describe('one-action save', () => {
  it('saves the provider found with the defaults, once, and shows a notification for the save', async () => {
    const { deps, oneAction } = setup();
    await oneAction.saveNow(TAB);
    expect(deps.detect).toHaveBeenCalledWith({ tabId: TAB });
    expect(deps.save['datadog:save']).toHaveBeenCalledTimes(1);
    const context = readyContext();
    expect(context.deviceGuess).toBe('desktop');
    expect(deps.save['datadog:save']).toHaveBeenCalledWith({ context, input: defaultSaveInput(context) });
    expect(deps.save['posthog:save']).not.toHaveBeenCalled();
    expect(await shown()).toEqual([`heatmap-job:${TAB}:job-9`]);
  });

  it('a session without a replay, a page without a provider, or no keys: nothing saved, a notification says why', async () => {
    const notRecorded = setup(
      detection((datadog) => ({
        ...datadog,
        replay: { state: 'not-recorded', reason: 'replay-not-started', canStartRecording: true },
      })),
    );
    await notRecorded.oneAction.saveNow(TAB);

    const absent = setup(detection(() => ({ status: 'absent' })));
    await absent.oneAction.saveNow(TAB);

    await writeSettings('datadog', {
      site: 'datadoghq.eu',
      credential: { kind: 'keys' as const },
      appUrl: '',
      apiUrl: '',
      apiKey: '',
      appKey: '',
    });
    const noKeys = setup();
    await noKeys.oneAction.saveNow(TAB);

    for (const { deps } of [notRecorded, absent]) expect(deps.save['datadog:save']).not.toHaveBeenCalled();
    expect(noKeys.startJob).not.toHaveBeenCalled();
    const ids = await shown();
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(new RegExp(`^heatmap-popup:${TAB}:`));
  });

  it('a finished one-action save updates its notification; a save from the popup gets none', async () => {
    const { oneAction } = setup();
    await oneAction.saveNow(TAB);
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    await oneAction.jobFinished(saveJob({ id: 'job-9', state: 'done' }));
    expect(create).toHaveBeenCalledWith(
      `heatmap-job:${TAB}:job-9`,
      expect.objectContaining({ title: 'Saved in Datadog', buttons: [{ title: 'Open in Datadog' }] }),
    );
    create.mockClear();
    await oneAction.jobFinished(saveJob({ id: 'popup-job', state: 'failed', error: 'No.' }));
    expect(create).not.toHaveBeenCalled();
  });

  it('a click opens a saved snapshot in Datadog, and the popup on the tab for a failed save or a reason', async () => {
    const { deps, oneAction } = setup();
    await writeJob(saveJob({ id: 'done-job', state: 'done' }) as SaveJob);
    await writeJob(saveJob({ id: 'failed-job', state: 'failed', error: 'No.' }) as SaveJob);
    await oneAction.notificationClicked(`heatmap-job:${TAB}:done-job`);
    expect(deps.openUrl).toHaveBeenCalledWith(heatmapsLink('datadoghq.eu'));
    await oneAction.notificationClicked(`heatmap-job:${TAB}:failed-job`);
    await oneAction.notificationClicked(`heatmap-popup:${TAB}:123-1`);
    expect(deps.openPopup.mock.calls).toEqual([[TAB], [TAB]]);
    await oneAction.notificationClicked('another-extension-thing');
    expect(deps.openUrl).toHaveBeenCalledTimes(1);
    expect(deps.openPopup).toHaveBeenCalledTimes(2);
  });
});
