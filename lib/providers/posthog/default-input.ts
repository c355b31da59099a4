import type { PageInfo } from '@/lib/page/page-info';
import { formatLocalDateTime } from '@/lib/shared/local-date-time';
import { shortenName } from '@/lib/shared/names';
import { type PictureSource, type PosthogSaveInput, PosthogSaveInputSchema } from './job';
import { MAX_WIDTH, MIN_WIDTH } from './schemas';

/** A very long path would bury the date in PostHog's list; the suggestion keeps it readable. */
const MAX_NAME_PATH = 120;

/** The tab as the person sees it: works behind a login, unlike PostHog's renderer. */
export const DEFAULT_PICTURE_SOURCE: PictureSource = 'capture';

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.trim();
  }
}

/** `<page path> · YYYY-MM-DD HH:mm` (local time of the capture), like Datadog's snapshot names. */
export function defaultHeatmapName(pageUrl: string, capturedAt: number): string {
  const shown = shortenName(pathOf(pageUrl), MAX_NAME_PATH) || '/';
  return `${shown} · ${formatLocalDateTime(capturedAt)}`;
}

/** A capture has one width, the tab's; the background replaces it with the captured one. */
export function captureWidth(viewportWidth: number): number {
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(viewportWidth)));
}

/**
 * What a save uses when the person changes nothing: the popup's form starts from the same name,
 * URLs and picture source, and a one-action save (context menu, shortcut) sends it as is. Checked
 * by the save input's schema: a page URL PostHog would refuse comes back as the schema's sentence.
 */
export function defaultPosthogSaveInput(page: PageInfo) {
  return PosthogSaveInputSchema.safeParse({
    name: defaultHeatmapName(page.url, page.capturedAt),
    pageUrl: page.url,
    // A capture has no data URL of its own (job.ts `dataUrl`).
    source: DEFAULT_PICTURE_SOURCE,
    widths: [captureWidth(page.viewport.width)],
  } satisfies PosthogSaveInput);
}
