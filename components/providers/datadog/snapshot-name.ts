import { formatLocalDateTime } from '@/components/shared/format';
import { MAX_SNAPSHOT_NAME } from '@/lib/providers/datadog/names';
import { shortenName } from '@/lib/shared/names';

/**
 * `${viewName} · YYYY-MM-DD HH:mm` (local time of the capture). The view name comes from the
 * page, so it goes through the shared name rule (no controls or bidi overrides, cut by code
 * points) and the suggestion itself is always valid.
 */
export function defaultSnapshotName(viewName: string, capturedAt: number): string {
  const suffix = ` · ${formatLocalDateTime(capturedAt)}`;
  return `${shortenName(viewName, MAX_SNAPSHOT_NAME - suffix.length)}${suffix}`.trim();
}
