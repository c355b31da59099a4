import type { Detection } from '@/lib/messages/protocol';
import { frameOffers } from '@/lib/page/frame-offers';
import { parsePageInfo } from '@/lib/page/page-info';
import type { PageTarget } from '@/lib/page/target';
import type { ProviderBackground } from '@/lib/providers/background';
import {
  PROVIDER_IDS,
  type ProviderId,
  type ProvidersDetection,
  perProvider,
} from '@/lib/providers/registry';
import { isRecord } from '@/lib/shared/is-record';
import type { runInAllFrames, runInPage } from './page-access';

/** The probe content script (entrypoints/probe.content.ts) as built by WXT. */
const PROBE = { file: '/content-scripts/probe.js', world: 'MAIN' } as const;
/** The presence check run in every frame (entrypoints/frames.content.ts). */
const FRAMES_CHECK = { file: '/content-scripts/frames.js', world: 'MAIN' } as const;

/** A loading SDK is probed again this often, for at most this long in all (the async snippet's bundle usually arrives within a second or two). */
export const LOADING_POLL_MS = 250;
export const LOADING_WAIT_LIMIT_MS = 4_000;

/** What detection needs of each provider's background half. */
export type DetectionProviders = {
  [P in ProviderId]: Pick<ProviderBackground<P>, 'parseDetection' | 'isLoading'>;
};

export interface DetectorDeps {
  providers: DetectionProviders;
  runInPage: typeof runInPage;
  runInAllFrames: typeof runInAllFrames;
  sleep(ms: number): Promise<void>;
  /** The wall clock, for the capture moment. */
  now(): number;
  /** A monotonic clock, for the wait's bound (a wall clock set back must not stretch it). */
  monotonicNow(): number;
}

type Probed =
  | { status: 'read'; page: Extract<Detection, { status: 'read' }>['page']; providers: ProvidersDetection }
  | Extract<Detection, { status: 'unavailable' }>;

/**
 * Detection of a tab or one of its frames. The page is probed once for every provider and each
 * provider's part is read by its own parser; the capture moment is the background's clock, not
 * the page's (a page can replace its clock). While a provider's SDK is still loading, the page is
 * probed again, within a bound: answering "loading" at once would only make the person click again.
 * When the top frame lacks a provider, every frame is asked whether it has it (presence only).
 */
export function createDetector(deps: DetectorDeps): (target: PageTarget) => Promise<Detection> {
  async function probe(target: PageTarget): Promise<Probed> {
    const capturedAt = deps.now();
    const answer = await deps.runInPage(target, PROBE);
    if (!answer.ok) return { status: 'unavailable', problem: answer.problem };
    const raw = isRecord(answer.value) ? answer.value : {};
    const page = parsePageInfo(raw.page, capturedAt);
    const found = isRecord(raw.providers) ? raw.providers : {};
    const providers = perProvider((id) =>
      deps.providers[id].parseDetection(found[id], page),
    ) as ProvidersDetection;
    return { status: 'read', page, providers };
  }

  function someLoading(providers: ProvidersDetection): boolean {
    return PROVIDER_IDS.some((id) =>
      (deps.providers[id].isLoading as (detection: ProvidersDetection[ProviderId]) => boolean)(providers[id]),
    );
  }

  async function probeUntilLoaded(target: PageTarget): Promise<Probed> {
    const started = deps.monotonicNow();
    let probed = await probe(target);
    while (
      probed.status === 'read' &&
      someLoading(probed.providers) &&
      deps.monotonicNow() - started + LOADING_POLL_MS <= LOADING_WAIT_LIMIT_MS
    ) {
      await deps.sleep(LOADING_POLL_MS);
      probed = await probe(target);
    }
    return probed;
  }

  /** Only when the top frame lacks a provider: then one small presence check runs in every frame. */
  async function offersFor(tabId: number, providers: ProvidersDetection) {
    const missing = PROVIDER_IDS.filter((id) => providers[id].status === 'absent');
    if (missing.length === 0) return [];
    const answer = await deps.runInAllFrames(tabId, FRAMES_CHECK);
    // The top frame was read; frames that cannot be looked into only mean nothing to offer.
    return answer.ok ? frameOffers(answer.value, missing) : [];
  }

  return async (target) => {
    const probed = await probeUntilLoaded(target);
    if (probed.status !== 'read') return probed;
    if (target.frameId !== undefined) return { ...probed, frameId: target.frameId, frames: [] };
    return { ...probed, frameId: null, frames: await offersFor(target.tabId, probed.providers) };
  };
}
