import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { openDebuggerLayout } from '@/lib/background/device-layout';
import type { Handlers } from '@/lib/background/router';
import { type JobDeps, newJobBase } from '@/lib/jobs/job';
import { claimedResultIds, twinSaveRunning } from '@/lib/jobs/reconcile';
import type { PageInfo } from '@/lib/page/page-info';
import { servingProfile } from '@/lib/profiles/serving';
import type { SaveJob } from '@/lib/providers/registry';
import {
  readCapturedPicture,
  readSettings,
  removeCapturedPictures,
  writeCapturedPicture,
  writeSettings,
} from '@/lib/storage/items';
import { blobToDataUrl, captureTab } from '@/lib/tab-capture/capture-tab';
import { dataUrlToBlob } from '@/lib/tab-capture/data-url';
import { sleep } from '@/lib/time';
import { captureAtWidths } from './capture-widths';
import { clientFromSettings, posthogClientForProfile } from './client-from-settings';
import { findProjectForToken, testPosthogConnection } from './connection';
import type { PosthogDetection } from './context';
import { type PosthogJob, posthogJobLabel } from './job';
import { pageAddressForPosthog } from './page-address';
import { parsePosthogDetection } from './parse';
import type { POSTHOG_MESSAGES } from './protocol';
import { savedHeatmapLinkOf } from './result-link';
import { POSTHOG_SAVE_BUDGET_MS, runPosthogJob } from './save-job';
import { mergePosthogSettings, publicPosthogSettings } from './settings-access';

/** What the PostHog half of the background needs from the core. */
export interface PosthogCore {
  startJob<J extends SaveJob>(job: J): Promise<J>;
}

const MAX_LISTED = 100;

const ViewportSchema = z.object({
  width: z.int().check(z.positive(), z.lte(100_000)),
  height: z.int().check(z.positive(), z.lte(100_000)),
});

/** The tab's viewport in CSS pixels, as the page reports it now. */
async function measureViewport(tabId: number): Promise<z.infer<typeof ViewportSchema>> {
  const [answer] = await browser.scripting.executeScript({
    target: { tabId },
    func: () => ({ width: window.innerWidth, height: window.innerHeight }),
  });
  const viewport = ViewportSchema.safeParse(answer?.result);
  if (!viewport.success) throw new Error('The page did not say how wide it is.');
  return viewport.data;
}

/** Keeps one width's picture in session storage until the job uploads it. */
async function keepPicture(jobId: string, width: number, jpeg: Blob): Promise<void> {
  try {
    await writeCapturedPicture(jobId, width, await blobToDataUrl(jpeg));
  } catch {
    // Session storage holds about 10 MB: earlier pictures still waiting to be uploaded can fill it.
    throw new Error(
      'The picture could not be kept until it is uploaded (the browser’s session storage is full). Let earlier saves finish or dismiss them, then save again.',
    );
  }
}

/** PostHog's part of the background: reading its probe, running its saves, answering its messages. */
export function createPosthogBackground(core: PosthogCore) {
  /** What a capture at several widths is doing on the tab now, by tab: the popup asks while it runs. */
  const captureProgress = new Map<number, string>();

  /** A client with the keys of the profile bound to this project token (or chosen in the popup). */
  async function profileClient(token: string | undefined, chosenId: string | undefined) {
    const { profile } = await servingProfile('posthog', token ?? null, chosenId);
    return (await posthogClientForProfile(profile)).client;
  }

  const handlers: Handlers<keyof typeof POSTHOG_MESSAGES> = {
    'posthog:save': async ({ context, input, profileId }) => {
      const { profile } = await servingProfile('posthog', context.instance.token, profileId);
      let job: PosthogJob = {
        ...newJobBase(posthogJobLabel(input), Date.now()),
        profileId: profile.id,
        provider: 'posthog',
        context,
        input,
      };
      const { id } = job;
      await posthogClientForProfile(profile); // No keys: say so now, before touching the page.
      if (input.source === 'capture') {
        // The pictures are taken now, while the page is as the person sees it; the job uploads them.
        const { tabId } = context;
        try {
          const captures = await captureAtWidths(tabId, input.widths, {
            measure: measureViewport,
            openLayout: openDebuggerLayout,
            capture: (tab, viewportShot) => captureTab(tab, () => undefined, viewportShot),
            keep: (width, page) => keepPicture(id, width, page.jpeg),
            sleep,
            report: (sentence) =>
              sentence === null ? captureProgress.delete(tabId) : captureProgress.set(tabId, sentence),
          });
          job = { ...job, captures };
        } catch (error) {
          await removeCapturedPictures(id).catch(() => undefined);
          throw error;
        }
      }
      return core.startJob(job);
    },
    'posthog:capture-progress': async ({ tabId }) => ({ sentence: captureProgress.get(tabId) ?? null }),
    'posthog:list-heatmaps': async ({ pageUrl, token, profileId }) => {
      // The page's heatmaps are stored under the address PostHog accepts for it (page-address.ts).
      const address = pageAddressForPosthog(pageUrl);
      if (!address.ok) return [];
      const list = await (await profileClient(token, profileId)).listSavedHeatmaps({ limit: MAX_LISTED });
      return list.results
        .filter((heatmap) => heatmap.url === address.url && !heatmap.deleted)
        .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
    },
    'posthog:get-screenshot': async ({ id, width, profileId }) => {
      const content = await (await clientFromSettings({}, profileId)).getScreenshotContent(id, width);
      if (content.state === 'rendering') return { state: 'rendering' };
      return { state: 'ready', dataUrl: await blobToDataUrl(content.image) };
    },
    'posthog:regenerate-heatmap': async ({ shortId, token, profileId }) =>
      (await profileClient(token, profileId)).regenerateSavedHeatmap(shortId),
    'posthog:delete-heatmap': async ({ shortId, token, profileId }) => {
      await (await profileClient(token, profileId)).deleteSavedHeatmap(shortId);
      return {};
    },
    'posthog:find-project': async ({ token, profileId }) => {
      const { profile } = await servingProfile('posthog', token, profileId);
      const { settings, client } = await posthogClientForProfile(profile, { projectOptional: true });
      const found = await findProjectForToken(client, token);
      if (found.status !== 'found') return { projectId: null, message: found.message };
      await writeSettings('posthog', { ...settings, projectId: found.projectId }, profile.id);
      return { projectId: found.projectId, message: found.message };
    },
    'posthog:get-settings': async ({ profileId, token }) => {
      const { profile } = await servingProfile('posthog', token ?? null, profileId);
      return publicPosthogSettings(profile.settings, profile.problem);
    },
    'posthog:save-settings': async (input) => {
      const settings = mergePosthogSettings(await readSettings('posthog', input.profileId), input);
      await writeSettings('posthog', settings, input.profileId);
      return publicPosthogSettings(settings);
    },
    'posthog:test-connection': async (input) =>
      testPosthogConnection(mergePosthogSettings(await readSettings('posthog', input.profileId), input)),
  };

  return {
    parseDetection: (raw: unknown, page: PageInfo) => parsePosthogDetection(raw, page.url),
    // `not-loaded` is the snippet's stub (array.js replaces it within moments) or an instance whose
    // `init` has not run yet: both usually pass soon, and a page that never calls `init` costs only
    // the core's bounded wait.
    isLoading: (detection: PosthogDetection) => detection.status === 'not-loaded',
    async runJob(job: SaveJob, deps: JobDeps): Promise<SaveJob> {
      if (job.provider !== 'posthog') throw new Error('Not a PostHog save.');
      return runPosthogJob(job, {
        ...deps,
        client: await clientFromSettings(
          { remainingMs: () => deps.time.remaining(POSTHOG_SAVE_BUDGET_MS) },
          job.profileId,
        ),
        readPicture: async (jobId, width) => {
          const dataUrl = await readCapturedPicture(jobId, width);
          return dataUrl === null ? null : dataUrlToBlob(dataUrl);
        },
        forgetPictures: removeCapturedPictures,
        claimedHeatmapIds: () => claimedResultIds('posthog', job.id, (other) => other.result?.id),
        twinRunning: () => twinSaveRunning(job),
      });
    },
    /** As SaveStatus's "Open in PostHog": the saved heatmap, in the project the settings name. */
    async resultLink(job: SaveJob): Promise<string | null> {
      return job.provider === 'posthog' ? savedHeatmapLinkOf(job) : null;
    },
    handlers,
  };
}
