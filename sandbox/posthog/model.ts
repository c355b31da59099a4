import { z } from 'zod';
import { SANDBOX_USER } from './defaults';

/**
 * A saved heatmap as the sandbox stores it, and its API form (the reference's field list, in order).
 * Timing is lazy: a heatmap reads as `processing` until `ready_at`, whatever its stored status,
 * so neither uploads nor renders need timers to "finish".
 */

export const HEATMAP_TYPES = ['screenshot', 'iframe', 'recording'] as const;
export const HEATMAP_STATUSES = ['processing', 'completed', 'failed'] as const;
/** heatmaps_api.py `SavedHeatmap.Source`: rendered by PostHog, or uploaded with `saved/capture/`. */
export const HEATMAP_SOURCES = ['server', 'toolbar'] as const;
export type HeatmapType = (typeof HEATMAP_TYPES)[number];
export type HeatmapStatus = (typeof HEATMAP_STATUSES)[number];

export const ImageMetaSchema = z.object({
  width: z.int(),
  height: z.int(),
  bytes: z.int(),
  source: z.enum(['upload', 'render']),
});
export type ImageMeta = z.infer<typeof ImageMetaSchema>;

export const HeatmapRecordSchema = z.object({
  id: z.string(),
  short_id: z.string(),
  name: z.string().nullable(),
  url: z.string(),
  data_url: z.string().nullable(),
  target_widths: z.array(z.int()),
  type: z.enum(HEATMAP_TYPES),
  source: z.enum(HEATMAP_SOURCES).default('server'),
  status: z.enum(HEATMAP_STATUSES),
  /** A `saved/prewarm/` render: left out of the list (heatmaps_api.py `list`). */
  is_prewarm: z.boolean().default(false),
  deleted: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  exception: z.string().nullable(),
  /** Epoch ms before which the heatmap reads as `processing`. */
  ready_at: z.number(),
  /** The content: one JPEG per width (files next to the metadata). */
  images: z.array(ImageMetaSchema),
});
export type HeatmapRecord = z.infer<typeof HeatmapRecordSchema>;

export function effectiveStatus(record: HeatmapRecord, now: number): HeatmapStatus {
  return now < record.ready_at ? 'processing' : record.status;
}

/** Images that can be served: none while processing. */
export function servableImages(record: HeatmapRecord, now: number): ImageMeta[] {
  return effectiveStatus(record, now) === 'processing' ? [] : record.images;
}

export function toApi(record: HeatmapRecord, now: number) {
  const status = effectiveStatus(record, now);
  const images = servableImages(record, now);
  return {
    id: record.id,
    short_id: record.short_id,
    name: record.name,
    url: record.url,
    data_url: record.data_url,
    target_widths: record.target_widths,
    type: record.type,
    source: record.source,
    status,
    has_content: images.length > 0,
    snapshots: record.target_widths.map((width) => ({
      width,
      has_content: images.some((image) => image.width === width),
    })),
    deleted: record.deleted,
    created_by: SANDBOX_USER,
    created_at: record.created_at,
    updated_at: record.updated_at,
    exception: status === 'processing' ? null : record.exception,
  };
}
export type SavedHeatmapJson = ReturnType<typeof toApi>;
