import { readSettings } from '@/lib/storage/items';
import type { OneActionProvider } from '../one-action';
import type { DetectionOf } from '../registry';
import { defaultSaveInput } from './default-input';
import { heatmapsLink } from './sites';

const DATADOG_CANNOT: Record<Exclude<DetectionOf<'datadog'>['status'], 'ready' | 'absent'>, string> = {
  loading: 'Datadog RUM is still loading on this page.',
  'not-initialised': 'Datadog RUM is not initialised on this page yet.',
  'no-session': 'Datadog RUM has no active, tracked session on this page.',
  unsupported: 'This page’s Datadog SDK cannot make heatmaps.',
  invalid: 'What this page has as Datadog RUM could not be read.',
};

/** Datadog's one-action save: the popup's defaults for a ready, recorded session; the heatmaps page once saved. */
export const datadogOneAction: OneActionProvider<'datadog'> = {
  defaultSave(detection, _page, _tabId, save) {
    if (detection.status === 'absent') return { kind: 'absent' };
    if (detection.status !== 'ready') return { kind: 'cannot', reason: DATADOG_CANNOT[detection.status] };
    if (detection.replay.state === 'not-recorded') {
      return { kind: 'cannot', reason: 'This Datadog session is not recorded for Session Replay.' };
    }
    const { context } = detection;
    return {
      kind: 'save',
      // The handler checks the keys of the profile serving the application, then stores the job.
      start: () => save['datadog:save']({ context, input: defaultSaveInput(context) }),
    };
  },
  async resultLink(job) {
    return heatmapsLink((await readSettings('datadog', job.profileId)).site);
  },
};
