import type { ApplicationState } from './intake/rum-index';
import type { SnapshotData } from './store';

/** What `Sandbox.state()` and `GET /_admin/state` return: the RUM index (no records) and the snapshots. */
export interface SandboxState {
  applications: ApplicationState[];
  snapshots: SnapshotData[];
}
