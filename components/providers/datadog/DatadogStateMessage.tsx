import { StateMessage } from '@/components/popup/DetectionMessage';
import type { DatadogDetection, NoSessionReason, UnsupportedReason } from '@/lib/providers/datadog/context';
import { CLICK_MAPS_SINCE, releaseText, SCROLL_MAPS_SINCE } from '@/lib/providers/datadog/sdk-versions';

type Pending = Exclude<DatadogDetection, { status: 'ready' | 'absent' }>;
type Text = { title: string; detail: string };

const NO_SESSION: Record<NoSessionReason, Text> = {
  'sampled-out': {
    title: 'This visit is not tracked by Datadog RUM',
    detail:
      'The page’s Datadog SDK sampled this session out (its sessionSampleRate), so there is no session or replay to put a heatmap on. Raise sessionSampleRate (100 while you take snapshots), reload the page, and try again.',
  },
  expired: {
    title: 'No active RUM session',
    detail:
      'The page’s RUM session has ended (Datadog ends one after 15 minutes without activity, after 4 hours, or when the app stops it). Interact with the page (click, scroll) to start a new one, then try again.',
  },
  unknown: {
    title: 'No active RUM session',
    detail:
      'The page’s Datadog SDK tracks no session right now. Interact with the page (click, scroll), then try again.',
  },
};

function unsupportedText(reason: UnsupportedReason, sdkVersion: string | null): Text {
  switch (reason) {
    case 'slim-package':
      return {
        title: 'This page uses @datadog/browser-rum-slim',
        detail:
          '@datadog/browser-rum-slim has no Session Replay, so Datadog cannot show a heatmap background for this page. Switch the page to @datadog/browser-rum.',
      };
    case 'sdk-too-old':
      return {
        title: `The page’s Datadog SDK (v${sdkVersion ?? '?'}) is too old for heatmaps`,
        detail: `Datadog’s heatmaps need @datadog/browser-rum ${releaseText(CLICK_MAPS_SINCE)} or later (${releaseText(SCROLL_MAPS_SINCE)} for scroll maps). Upgrade the page’s SDK.`,
      };
  }
}

function textFor(detection: Pending): Text {
  switch (detection.status) {
    case 'loading':
      return {
        title: 'Datadog RUM is still loading',
        detail:
          'The page’s Datadog SDK has not arrived yet (it loads asynchronously). Try again in a moment.',
      };
    case 'not-initialised':
      return {
        title: 'Datadog RUM is not initialised yet',
        detail:
          'The RUM SDK is loaded, but the page has not started it yet. Wait for the page to finish loading.',
      };
    case 'no-session':
      return NO_SESSION[detection.reason];
    case 'unsupported':
      return unsupportedText(detection.reason, detection.sdkVersion);
    case 'invalid':
      return { title: 'This page’s DD_RUM does not look like Datadog’s SDK', detail: detection.problem };
  }
}

/** Why Datadog RUM on this page cannot be saved from yet, in plain words. */
export function DatadogStateMessage({ detection, onRetry }: { detection: Pending; onRetry: () => void }) {
  const { title, detail } = textFor(detection);
  return <StateMessage title={title} detail={detail} onRetry={onRetry} />;
}
