import { StateMessage } from '@/components/popup/DetectionMessage';
import type { PosthogDetection } from '@/lib/providers/posthog/context';

type Pending = Exclude<PosthogDetection, { status: 'ready' | 'absent' }>;

function textFor(detection: Pending): { title: string; detail: string } {
  switch (detection.status) {
    case 'not-loaded':
      return {
        title: 'posthog-js is not loaded yet',
        detail:
          'The page has PostHog’s snippet, but posthog-js has not started yet. Wait for the page to finish loading.',
      };
    case 'invalid':
      return { title: 'This page’s posthog does not look like posthog-js', detail: detection.problem };
  }
}

/** Why PostHog on this page cannot be saved from yet, in plain words. */
export function PosthogStateMessage({ detection, onRetry }: { detection: Pending; onRetry: () => void }) {
  const { title, detail } = textFor(detection);
  return <StateMessage title={title} detail={detail} onRetry={onRetry} />;
}
