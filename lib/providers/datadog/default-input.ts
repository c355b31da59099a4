import { MAX_SNAPSHOT_NAME } from '@/lib/providers/datadog/names';
import { formatLocalDateTime } from '@/lib/shared/local-date-time';
import { cleanName, shortenName } from '@/lib/shared/names';
import type { PageContext } from './context';
import type { SaveInput } from './job';

/**
 * `${viewName} · YYYY-MM-DD HH:mm` (local time of the capture). The view name comes from the
 * page, so it goes through the shared name rule (no controls or bidi overrides, cut by code
 * points) and the suggestion itself is always valid.
 */
export function defaultSnapshotName(viewName: string, capturedAt: number): string {
  const suffix = ` · ${formatLocalDateTime(capturedAt)}`;
  return `${shortenName(viewName, MAX_SNAPSHOT_NAME - suffix.length)}${suffix}`.trim();
}

/**
 * What a save uses when the person changes nothing: the popup's form starts from it and a
 * one-action save (context menu, shortcut) sends it as is. The view name is the page's (Datadog
 * already groups it), shown through the shared name rule; the device is the detected one.
 */
export function defaultSaveInput(context: PageContext): SaveInput {
  const viewName = cleanName(context.viewName);
  return {
    viewName,
    snapshotName: defaultSnapshotName(viewName, context.capturedAt),
    deviceType: context.deviceGuess,
    deviceTypeSelectedByUser: false,
  };
}
