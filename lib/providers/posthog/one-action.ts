import type { OneActionProvider } from '../one-action';
import type { DetectionOf } from '../registry';
import { defaultPosthogSaveInput } from './default-input';
import { savedHeatmapLinkOf } from './result-link';

const POSTHOG_CANNOT: Record<Exclude<DetectionOf<'posthog'>['status'], 'ready' | 'absent'>, string> = {
  'not-loaded': 'posthog-js is not loaded or not initialised on this page yet.',
  invalid: 'What this page has as posthog-js could not be read.',
};

/** PostHog's one-action save: the popup's defaults (first instance, "Capture this tab"); the saved heatmap once saved. */
export const posthogOneAction: OneActionProvider<'posthog'> = {
  defaultSave(detection, page, tabId, save) {
    if (detection.status === 'absent') return { kind: 'absent' };
    if (detection.status !== 'ready') return { kind: 'cannot', reason: POSTHOG_CANNOT[detection.status] };
    // The popup's default instance is the first one listed.
    const instance = detection.instances[0];
    if (instance === undefined) return { kind: 'cannot', reason: POSTHOG_CANNOT['not-loaded'] };
    const input = defaultPosthogSaveInput(page);
    if (!input.success) return { kind: 'cannot', reason: input.error.issues[0]?.message ?? 'Invalid page.' };
    return {
      kind: 'save',
      // The handler checks the keys, then captures the tab ("Capture this tab", the default).
      start: () =>
        save['posthog:save']({
          context: { tabId, instance, capturedAt: page.capturedAt },
          input: input.data,
        }),
    };
  },
  resultLink: savedHeatmapLinkOf,
};
