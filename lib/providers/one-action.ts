import type { Handlers } from '@/lib/background/router';
import type { PageInfo } from '@/lib/page/page-info';
import { datadogOneAction } from './datadog/one-action';
import { posthogOneAction } from './posthog/one-action';
import type { DetectionOf, JobOf, ProviderId, SaveJob } from './registry';

/** The save handlers a one-action save goes through: the same ones the popup's messages reach. */
export type SaveHandlers = Pick<Handlers, `${ProviderId}:save`>;

/**
 * What a one-action save can do with one provider's detection: nothing (its SDK is not on the
 * page), save with the defaults, or not save, with a short reason (the popup says the rest).
 */
export type DefaultSave =
  | { kind: 'absent' }
  | { kind: 'save'; start(): Promise<SaveJob> }
  | { kind: 'cannot'; reason: string };

/** One provider's part of a one-action save (context menu, shortcut: lib/background/one-action.ts). */
export interface OneActionProvider<P extends ProviderId> {
  /** The popup's defaults (the provider's `default-input.ts`), ready to save, or why not. */
  defaultSave(detection: DetectionOf<P>, page: PageInfo, tabId: number, save: SaveHandlers): DefaultSave;
  /** Where a finished save is seen in the provider's app; null when the settings cannot say. */
  resultLink(job: JobOf<P>): Promise<string | null>;
}

/** The one-action registry: typed against the provider list, so a new provider fails `tsc` until it has its part. */
const ONE_ACTION_PROVIDERS: { [P in ProviderId]: OneActionProvider<P> } = {
  datadog: datadogOneAction,
  posthog: posthogOneAction,
};

/** A provider's default save for the detection of it (the provider is named by `id`). */
export function defaultSaveOf<P extends ProviderId>(
  id: P,
  detection: DetectionOf<P>,
  page: PageInfo,
  tabId: number,
  save: SaveHandlers,
): DefaultSave {
  return (ONE_ACTION_PROVIDERS[id] as OneActionProvider<P>).defaultSave(detection, page, tabId, save);
}

/** Where a finished save is seen in its provider's app. */
export function resultLinkOf(job: SaveJob): Promise<string | null> {
  return (ONE_ACTION_PROVIDERS[job.provider].resultLink as (job: SaveJob) => Promise<string | null>)(job);
}
