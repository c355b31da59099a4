import type { IngestTokenState } from './ingest-index';
import type { ImageMeta, SavedHeatmapJson } from './model';
import type { Project } from './types';

/** The PostHog part of `Sandbox.state()` and `GET /_admin/state`. */
export interface PostHogState {
  projects: Project[];
  /** Every saved heatmap (deleted ones too) as the API shows it, plus its stored images. */
  saved_heatmaps: (SavedHeatmapJson & { images: ImageMeta[] })[];
  /** What posthog-js sent to `/ph/...`, per project token. */
  ingestion: IngestTokenState[];
  render_ms: number;
}
