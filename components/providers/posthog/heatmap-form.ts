import { type Checked, type FieldErrors, fieldErrorsOf } from '@/components/shared/errors';
import { formatLocalDateTime } from '@/components/shared/format';
import {
  type PictureSource,
  type PosthogSaveInput,
  PosthogSaveInputSchema,
} from '@/lib/providers/posthog/job';
import { DEFAULT_WIDTHS, MAX_WIDTH, MIN_WIDTH } from '@/lib/providers/posthog/schemas';
import { shortenName } from '@/lib/shared/names';

/**
 * The save form as typed (widths as the text of the field) and its conversion to PostHog's save
 * input. The rules are PosthogSaveInputSchema's; only the reading of the widths text is the form's.
 */
export type HeatmapFormValues = {
  name: string;
  pageUrl: string;
  dataUrl: string;
  source: PictureSource;
  widths: string;
};
export type HeatmapField = keyof HeatmapFormValues;

/** A very long path would bury the date in PostHog's list; the suggestion keeps it readable. */
const MAX_NAME_PATH = 120;
const WIDTHS_FORMAT_MESSAGE = 'Widths must be numbers separated by commas, like 375, 768, 1440';

export const DEFAULT_WIDTHS_TEXT = DEFAULT_WIDTHS.join(', ');

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

/** `375, 768 1440` → numbers; null when a part is not a number at all (the schema judges the rest). */
function parseWidths(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) return null;
  return parts.map(Number);
}

/** The save input for these values, or a sentence per field that is wrong. */
export function toSaveInput(
  values: HeatmapFormValues,
  viewportWidth: number,
): Checked<PosthogSaveInput, HeatmapField> {
  const widths = values.source === 'capture' ? [captureWidth(viewportWidth)] : parseWidths(values.widths);
  const parsed = PosthogSaveInputSchema.safeParse({ ...values, widths: widths ?? [] });
  const errors: FieldErrors<HeatmapField> = parsed.success ? {} : fieldErrorsOf<HeatmapField>(parsed.error);
  if (widths === null) errors.widths = WIDTHS_FORMAT_MESSAGE;
  if (parsed.success && widths !== null) return { ok: true, input: parsed.data };
  return { ok: false, errors };
}
