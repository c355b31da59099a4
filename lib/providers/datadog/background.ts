import { openDebuggerLayout } from '@/lib/background/device-layout';
import type { Handlers } from '@/lib/background/router';
import { type JobDeps, newJobBase } from '@/lib/jobs/job';
import { claimedResultIds, twinSaveRunning } from '@/lib/jobs/reconcile';
import type { Detection } from '@/lib/messages/protocol';
import type { PageInfo } from '@/lib/page/page-info';
import type { PageTarget } from '@/lib/page/target';
import { servingProfile } from '@/lib/profiles/serving';
import type { SaveJob } from '@/lib/providers/registry';
import { type CheckedProfile, readProfile, readSettings, writeSettings } from '@/lib/storage/items';
import { saveForAllDevices } from './all-devices';
import { clientForProfile, clientFromSettings } from './client-from-settings';
import { mergeSettings, publicSettings, testConnection } from './connection';
import type { DatadogDetection, PageContext } from './context';
import { type DatadogJob, datadogJobLabel, type SaveInput } from './job';
import { signInProfile, signInState, signOutProfile } from './oauth/background';
import { parseDatadogDetection } from './parse';
import type { DATADOG_MESSAGES } from './protocol';
import { shownReplayLink } from './replay-link';
import { lookupForPlacement } from './replay-lookup';
import { DATADOG_SAVE_BUDGET_MS, runDatadogJob } from './save-job';
import { heatmapsLink } from './sites';
import { buildRepointAttributes } from './snapshot-request';

/** What the Datadog half of the background needs from the core. */
export interface DatadogCore {
  startJob<J extends SaveJob>(job: J): Promise<J>;
  /** Look at the tab, or the frame read, again (after starting a recording). */
  detect(target: PageTarget): Promise<Detection>;
  /** Run a content-script file in the target's MAIN world; a sentence when it cannot be read. */
  runInPage(target: PageTarget, file: ScriptPublicPath): Promise<unknown>;
  sleep(ms: number): Promise<void>;
}

const RECORDING_SCRIPT = '/content-scripts/datadog-recording.js';
const RECORDING_CHECKS = 10;
const RECORDING_CHECK_INTERVAL_MS = 200;

/** Datadog's part of the background: reading its probe, running its saves, answering its messages. */
export function createDatadogBackground(core: DatadogCore) {
  async function detectAgain(target: PageTarget): Promise<DatadogDetection> {
    const detection = await core.detect(target);
    if (detection.status !== 'read') throw new Error(detection.problem.message);
    return detection.providers.datadog;
  }

  /** Start recording, then detect again until the page reports it (the SDK updates its store async). */
  async function startRecording(target: PageTarget): Promise<DatadogDetection> {
    if ((await core.runInPage(target, RECORDING_SCRIPT)) !== true) {
      throw new Error(
        'The page’s Datadog SDK does not support starting a recording (it needs v4.20 or later).',
      );
    }
    let detection = await detectAgain(target);
    for (let check = 0; check < RECORDING_CHECKS; check++) {
      if (detection.status !== 'ready' || detection.replay.state === 'recording') break;
      await core.sleep(RECORDING_CHECK_INTERVAL_MS);
      detection = await detectAgain(target);
    }
    return detection;
  }

  /** A client with the keys of the profile serving this application (or the one chosen in the popup). */
  async function profileClient(applicationId: string | null, chosenId: string | undefined) {
    return clientForProfile((await servingProfile('datadog', applicationId, chosenId)).profile);
  }

  /** One save, with the keys of the profile serving the page's application (or the one chosen). */
  async function startSave(context: PageContext, input: SaveInput, chosenId?: string): Promise<DatadogJob> {
    const { profile } = await servingProfile('datadog', context.applicationId, chosenId);
    await clientForProfile(profile); // No keys: say so now, before a job is stored.
    const job: DatadogJob = {
      ...newJobBase(datadogJobLabel(input), Date.now()),
      profileId: profile.id,
      provider: 'datadog',
      context,
      input,
    };
    return core.startJob(job);
  }

  /** A profile's settings as pages may see them, its sign-in's state included. */
  async function shownSettings(profile: CheckedProfile<'datadog'>) {
    return publicSettings(profile.settings, profile.problem, await signInState(profile.id, profile.settings));
  }

  /** "Save for all devices" in progress, by tab: the popup asks for the sentence while it runs. */
  const allDevicesProgress = new Map<number, string>();

  const handlers: Handlers<keyof typeof DATADOG_MESSAGES> = {
    'datadog:start-recording': (target) => startRecording(target),
    'datadog:save': ({ context, input, profileId }) => startSave(context, input, profileId),
    'datadog:save-all-devices': ({ target, viewportHeight, profileId }) =>
      saveForAllDevices(target, viewportHeight, {
        openLayout: openDebuggerLayout,
        detect: detectAgain,
        save: (context, input) => startSave(context, input, profileId),
        sleep: core.sleep,
        report: (sentence) =>
          sentence === null
            ? allDevicesProgress.delete(target.tabId)
            : allDevicesProgress.set(target.tabId, sentence),
      }),
    'datadog:all-devices-progress': async ({ tabId }) => ({
      sentence: allDevicesProgress.get(tabId) ?? null,
    }),
    'datadog:list-snapshots': async ({ viewName, applicationId, deviceType, profileId }) =>
      (await profileClient(applicationId ?? null, profileId)).listSnapshots({
        viewName,
        applicationId,
        deviceType,
      }),
    'datadog:repoint-snapshot': async ({ snapshotId, context, deviceTypeSelectedByUser, profileId }) => {
      const client = await profileClient(context.applicationId, profileId);
      const lookup = await lookupForPlacement(client, context);
      const { attributes } = buildRepointAttributes(context, deviceTypeSelectedByUser, lookup);
      return client.updateSnapshot(snapshotId, attributes);
    },
    'datadog:delete-snapshot': async ({ snapshotId, profileId }) => {
      await (await profileClient(null, profileId)).deleteSnapshot(snapshotId);
      return {};
    },
    'datadog:get-settings': async ({ profileId, applicationId }) =>
      shownSettings(
        applicationId === undefined
          ? await readProfile('datadog', profileId)
          : (await servingProfile('datadog', applicationId, profileId)).profile,
      ),
    'datadog:save-settings': async (input) => {
      const stored = await readSettings('datadog', input.profileId);
      const settings = mergeSettings(stored, input);
      await writeSettings('datadog', settings, input.profileId);
      // Back to keys: the sign-in is no longer used, so it is ended at Datadog too.
      if (stored.credential.kind === 'sign-in' && settings.credential.kind === 'keys') {
        await signOutProfile(input.profileId);
      }
      return shownSettings(await readProfile('datadog', input.profileId));
    },
    'datadog:sign-in': async ({ profileId, persist }) => {
      const problem = await signInProfile(profileId, persist);
      return { settings: await shownSettings(await readProfile('datadog', profileId)), problem };
    },
    'datadog:sign-out': async ({ profileId }) => {
      const problem = await signOutProfile(profileId);
      return { settings: await shownSettings(await readProfile('datadog', profileId)), problem };
    },
    'datadog:test-connection': async (input) =>
      testConnection(mergeSettings(await readSettings('datadog', input.profileId), input)),
  };

  return {
    parseDetection: (raw: unknown, page: PageInfo) => parseDatadogDetection(raw, page),
    // Still loading: the async snippet's stub, or an SDK that is starting its session. From v7 the SDK
    // starts its session manager asynchronously after `init` (browser-rum-core `boot/preStartRum.js`:
    // `startSessionManager(…).then(…)`), and `getInternalContext()` answers nothing until then.
    isLoading: (detection: DatadogDetection) =>
      detection.status === 'loading' || (detection.status === 'no-session' && detection.reason === 'unknown'),
    async runJob(job: SaveJob, deps: JobDeps): Promise<SaveJob> {
      if (job.provider !== 'datadog') throw new Error('Not a Datadog save.');
      return runDatadogJob(job, {
        ...deps,
        client: await clientFromSettings(
          { remainingMs: () => deps.time.remaining(DATADOG_SAVE_BUDGET_MS) },
          undefined,
          job.profileId,
        ),
        claimedSnapshotIds: () => claimedResultIds('datadog', job.id, (other) => other.result?.snapshotId),
        twinRunning: () => twinSaveRunning(job),
      });
    },
    /** As SaveStatus: the saved view's replay when the page gave its link, else Datadog's heatmaps. */
    async resultLink(job: SaveJob): Promise<string | null> {
      if (job.provider !== 'datadog') return null;
      return (
        shownReplayLink(job.context) ?? heatmapsLink((await readSettings('datadog', job.profileId)).site)
      );
    },
    handlers,
  };
}
