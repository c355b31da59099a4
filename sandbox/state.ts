import type { ApplicationState } from './intake/rum-index';
import type { PostHogState } from './posthog/state';
import type { SnapshotData } from './store';

/** What `Sandbox.state()` and `GET /_admin/state` return: the RUM index (no records), the snapshots and the PostHog part. */
export interface SandboxState {
  applications: ApplicationState[];
  snapshots: SnapshotData[];
  /** The PostHog half: saved heatmaps with image metadata, ingestion counts (posthog/state.ts). */
  posthog: PostHogState;
}
