import type { ComponentChildren } from 'preact';
import type { Detection } from '@/lib/messages/protocol';
import { PROVIDER_IDS, PROVIDERS } from '@/lib/providers/registry';

/** Every state of the popup before a provider panel can show, including a failed request. */
export type PendingDetection =
  | { status: 'loading' }
  /** The detect request runs longer than a probe: the background waits for a loading SDK. */
  | { status: 'waiting-for-sdk' }
  | { status: 'failed'; problem: string }
  | { status: 'none-found' }
  | Extract<Detection, { status: 'unavailable' }>;

type Text = { title: string; detail?: string };

const PROVIDER_NAMES = PROVIDER_IDS.map((id) => PROVIDERS[id].label).join(' or ');

function textFor(detection: PendingDetection): Text {
  switch (detection.status) {
    case 'loading':
      return { title: `Looking for ${PROVIDER_NAMES} on this page…` };
    case 'waiting-for-sdk':
      return { title: 'Waiting for the page’s SDK to load…' };
    case 'none-found':
      return {
        title: `No ${PROVIDER_NAMES} on this page`,
        detail:
          'A heatmap snapshot needs a page that runs the Datadog RUM Browser SDK or posthog-js. Open your web app and try again.',
      };
    case 'unavailable':
      return { title: 'Cannot read this tab', detail: detection.problem.message };
    case 'failed':
      return { title: 'Could not look at this page', detail: detection.problem };
  }
}

/**
 * A titled explanation with "Try again". The root stays the same element across states and is a
 * polite live region, so "Try again" → "Looking…" → the new answer is announced.
 */
export function StateMessage({
  title,
  detail,
  loading = false,
  onRetry,
}: {
  title: string;
  detail?: ComponentChildren;
  loading?: boolean;
  onRetry: () => void;
}) {
  return (
    <section class="detection-message" aria-live="polite">
      <p class={loading ? 'title loading' : 'title'}>{title}</p>
      {detail ? <p class="detail">{detail}</p> : null}
      {loading ? (
        // Placeholder lines hold the layout, so the popup does not jump when the answer comes.
        <div class="skeleton" aria-hidden="true">
          <span />
          <span />
          <span />
        </div>
      ) : (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </section>
  );
}

/** The page-level states: still looking, the tab cannot be read, or no provider's SDK is there. */
export function DetectionMessage({
  detection,
  onRetry,
}: {
  detection: PendingDetection;
  onRetry: () => void;
}) {
  const { title, detail } = textFor(detection);
  return (
    <StateMessage
      title={title}
      detail={detail}
      loading={detection.status === 'loading' || detection.status === 'waiting-for-sdk'}
      onRetry={onRetry}
    />
  );
}
