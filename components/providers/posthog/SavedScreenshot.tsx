import { useScreenshot } from './useScreenshot';

/**
 * The picture PostHog keeps for the saved heatmap, so the person sees what was saved without
 * leaving the page. Its texts sit in the save's status region, so "rendering" is announced.
 */
export function SavedScreenshot({ id, width, profileId }: { id: string; width: number; profileId?: string }) {
  // The keys of the profile the save used.
  const screenshot = useScreenshot(id, width, profileId);
  switch (screenshot.status) {
    case 'loading':
      return <p class="muted small">Loading the screenshot…</p>;
    case 'rendering':
      return <p class="muted small">PostHog is rendering the screenshot…</p>;
    case 'timed-out':
      return <p class="muted small">PostHog is still rendering the screenshot. Open it in PostHog later.</p>;
    case 'error':
      return <p class="problem small">The screenshot could not be loaded: {screenshot.message}</p>;
    case 'ready':
      return <img class="heatmap-screenshot" alt="Heatmap screenshot" src={screenshot.dataUrl} />;
  }
}
