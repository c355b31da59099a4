import { StateMessage } from '@/components/popup/DetectionMessage';
import type { DatadogDetection } from '@/lib/providers/datadog/context';

type Pending = Exclude<DatadogDetection, { status: 'ready' | 'absent' }>;

function textFor(detection: Pending): { title: string; detail: string } {
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
      return {
        title: 'No active RUM session',
        detail:
          'The session has expired or this visit was not sampled. Interact with the page (click, scroll), then try again.',
      };
    case 'invalid':
      return { title: 'This page’s DD_RUM does not look like Datadog’s SDK', detail: detection.problem };
  }
}

/** Why Datadog RUM on this page cannot be saved from yet, in plain words. */
export function DatadogStateMessage({ detection, onRetry }: { detection: Pending; onRetry: () => void }) {
  const { title, detail } = textFor(detection);
  return <StateMessage title={title} detail={detail} onRetry={onRetry} />;
}
