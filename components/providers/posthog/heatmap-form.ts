import { type Checked, type FieldErrors, fieldErrorsOf } from '@/components/shared/errors';
import { captureWidth } from '@/lib/providers/posthog/default-input';
import {
  type PictureSource,
  type PosthogSaveInput,
  PosthogSaveInputSchema,
} from '@/lib/providers/posthog/job';
import { DEFAULT_WIDTHS } from '@/lib/providers/posthog/schemas';

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

const WIDTHS_FORMAT_MESSAGE = 'Widths must be numbers separated by commas, like 375, 768, 1440';

export const DEFAULT_WIDTHS_TEXT = DEFAULT_WIDTHS.join(', ');

/** `375, 768 1440` → numbers; null when a part is not a number at all (the schema judges the rest). */
function parseWidths(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) return null;
  return parts.map(Number);
}

/** What the widths field starts from for a capture: the tab's own width alone, the page as it is. */
export function captureWidthsText(viewportWidth: number): string {
  return String(captureWidth(viewportWidth));
}

/**
 * The save input for these values, or a sentence per field that is wrong. Both sources read the
 * widths the same way: those PostHog renders, or those the tab is pictured at.
 */
export function toSaveInput(values: HeatmapFormValues): Checked<PosthogSaveInput, HeatmapField> {
  const widths = parseWidths(values.widths);
  // Only a server render keeps a data URL of its own (job.ts); a capture sends none.
  const { dataUrl, ...rest } = values;
  const parsed = PosthogSaveInputSchema.safeParse({
    ...rest,
    ...(values.source === 'render' ? { dataUrl } : {}),
    widths: widths ?? [],
  });
  const errors: FieldErrors<HeatmapField> = parsed.success ? {} : fieldErrorsOf<HeatmapField>(parsed.error);
  if (widths === null) errors.widths = WIDTHS_FORMAT_MESSAGE;
  if (parsed.success && widths !== null) return { ok: true, input: parsed.data };
  return { ok: false, errors };
}
