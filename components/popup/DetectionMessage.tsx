import type { Detection } from '@/lib/detect/page-context';

/** Every state of the popup before a context is ready, including a failed request. */
export type PendingDetection =
  | { status: 'loading' }
  | { status: 'failed'; problem: string }
  | Exclude<Detection, { status: 'ready' }>;

type Text = { title: string; detail?: string };

function textFor(detection: PendingDetection): Text {
  switch (detection.status) {
    case 'loading':
      return { title: 'Looking for Datadog RUM on this page…' };
    case 'no-rum':
      return {
        title: 'No Datadog RUM on this page',
        detail:
          'A heatmap snapshot needs a page that runs the Datadog RUM Browser SDK with an active session.',
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
    case 'unavailable':
      return { title: 'Cannot read this tab', detail: detection.problem };
    case 'failed':
      return { title: 'Could not look at this page', detail: detection.problem };
  }
}

/**
 * One short explanation per state. The root stays the same element across states and is a
 * polite live region, so "Try again" → "Looking…" → the new answer is announced.
 */
export function DetectionMessage({
  detection,
  onRetry,
}: {
  detection: PendingDetection;
  onRetry: () => void;
}) {
  const { title, detail } = textFor(detection);
  return (
    <section class="detection-message" aria-live="polite">
      <p class={detection.status === 'loading' ? 'title loading' : 'title'}>{title}</p>
      {detail ? <p class="detail">{detail}</p> : null}
      {detection.status === 'loading' ? (
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
