import { useRef, useState } from 'preact/hooks';
import { DEVICE_LAYOUT_SUPPORTED } from '@/components/shared/device-layout-permission';
import { type FieldErrors, showChecked, withoutError } from '@/components/shared/errors';
import { TextField } from '@/components/shared/TextField';
import type { PageInfo } from '@/lib/page/page-info';
import { DEFAULT_PICTURE_SOURCE, defaultHeatmapName } from '@/lib/providers/posthog/default-input';
import type { PictureSource, PosthogSaveInput } from '@/lib/providers/posthog/job';
import { addressChangeReason, pageAddressForPosthog } from '@/lib/providers/posthog/page-address';
import {
  captureWidthsText,
  DEFAULT_WIDTHS_TEXT,
  type HeatmapField,
  type HeatmapFormValues,
  toSaveInput,
} from './heatmap-form';
import { PictureField } from './PictureField';

type Props = {
  page: PageInfo;
  /** False until the personal API key and the project are configured. */
  canSave: boolean;
  busy: boolean;
  onSave: (input: PosthogSaveInput) => void;
};

/**
 * What to save: the heatmap's name, the page, whose clicks to draw, and where the picture comes
 * from. Values live here and survive a failed save; the parent keys it by page so another page
 * starts from fresh suggestions.
 */
export function HeatmapForm({ page, canSave, busy, onSave }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const [pageUrl, setPageUrl] = useState(page.url);
  // null while not typed in: the name and the data URL then follow the page URL.
  const [editedName, setEditedName] = useState<string | null>(null);
  const [editedDataUrl, setEditedDataUrl] = useState<string | null>(null);
  const [source, setSource] = useState<PictureSource>(DEFAULT_PICTURE_SOURCE);
  // One text per source: a capture starts from the tab's own width, a render from PostHog's widths.
  const [renderWidths, setRenderWidths] = useState(DEFAULT_WIDTHS_TEXT);
  const [captureWidths, setCaptureWidths] = useState(() => captureWidthsText(page.viewport.width));
  const [widths, setWidths] =
    source === 'render' ? [renderWidths, setRenderWidths] : [captureWidths, setCaptureWidths];
  const [errors, setErrors] = useState<FieldErrors<HeatmapField>>({});

  // What PostHog gets as `url` (page-address.ts), shown when it differs from the page URL.
  const address = pageAddressForPosthog(pageUrl);
  const sentUrl = address.ok ? address.url : pageUrl;
  const changeReason = address.ok ? addressChangeReason(address) : null;
  const values: HeatmapFormValues = {
    name: editedName ?? defaultHeatmapName(pageUrl, page.capturedAt),
    pageUrl,
    // PostHog's own default for `data_url` is the `url` it stores.
    dataUrl: editedDataUrl ?? sentUrl,
    source,
    widths,
  };

  /** Set a field and drop its shown error: new errors wait for the next Save. */
  const edit = (field: HeatmapField, set: (value: string) => void) => (value: string) => {
    set(value);
    setErrors(withoutError(field));
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (!canSave || busy) return;
    const outcome = toSaveInput(values);
    if (showChecked(outcome, setErrors, form.current)) onSave(outcome.input);
  };

  return (
    <form ref={form} class="snapshot-form" noValidate onSubmit={onSubmit}>
      <TextField
        label="Heatmap name"
        value={values.name}
        error={errors.name}
        onInput={edit('name', setEditedName)}
      />
      <TextField
        label="Page URL"
        type="url"
        value={pageUrl}
        help={changeReason === null ? undefined : `PostHog gets ${sentUrl} (${changeReason}).`}
        error={errors.pageUrl}
        onInput={edit('pageUrl', setPageUrl)}
      />
      <PictureField value={source} onChange={setSource} />
      {source === 'render' ? (
        <TextField
          label="Heatmap data URL"
          type="url"
          value={values.dataUrl}
          help="Which page views’ clicks are drawn. * wildcards are allowed, like https://shop.example/product/*"
          error={errors.dataUrl}
          onInput={edit('dataUrl', setEditedDataUrl)}
        />
      ) : (
        <p class="help">
          A captured heatmap draws the clicks of its own page URL: PostHog keeps no other data URL for it.
        </p>
      )}
      {/* Firefox cannot lay a page out at another width: a capture there is the tab's own width. */}
      {source === 'render' || DEVICE_LAYOUT_SUPPORTED ? (
        <TextField
          label="Widths"
          value={widths}
          help={
            source === 'render'
              ? 'Comma-separated widths in pixels that PostHog renders the page at.'
              : 'Comma-separated widths in pixels the page is laid out and pictured at; the tab’s own width pictures it as it is.'
          }
          error={errors.widths}
          onInput={edit('widths', setWidths)}
        />
      ) : null}
      {/* The name stays while busy (aria-busy says it works), so it is always found by its name. */}
      <button type="submit" class="primary" disabled={!canSave || busy} aria-busy={busy}>
        Save PostHog heatmap
      </button>
    </form>
  );
}
