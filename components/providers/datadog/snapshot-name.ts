import { formatLocalDateTime } from '@/components/shared/format';
import { MAX_SNAPSHOT_NAME } from '@/lib/providers/datadog/names';

/**
 * `${viewName} · YYYY-MM-DD HH:mm` (local time of the capture). A very long view name is
 * shortened so the suggestion itself is always valid.
 */
export function defaultSnapshotName(viewName: string, capturedAt: number): string {
  const suffix = ` · ${formatLocalDateTime(capturedAt)}`;
  const room = MAX_SNAPSHOT_NAME - suffix.length;
  const name = viewName.trim();
  return `${name.length > room ? `${name.slice(0, room - 1)}…` : name}${suffix}`;
}
