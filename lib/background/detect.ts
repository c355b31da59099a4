import type { Detection } from '@/lib/messages/protocol';
import { parsePageInfo } from '@/lib/page/page-info';
import type { ProviderBackground } from '@/lib/providers/background';
import { type ProviderId, type ProvidersDetection, perProvider } from '@/lib/providers/registry';
import { isRecord } from '@/lib/shared/is-record';
import { runInPage } from './page-access';

/** The probe content script (entrypoints/probe.content.ts) as built by WXT. */
const PROBE = { file: '/content-scripts/probe.js', world: 'MAIN' } as const;

export type DetectionParsers = { [P in ProviderId]: ProviderBackground<P>['parseDetection'] };

/**
 * Probe the tab once for every provider and read each provider's part with its own parser. The
 * capture moment is the background's clock, not the page's (a page can replace its clock).
 */
export async function detectTab(
  tabId: number,
  parsers: DetectionParsers,
  now: () => number = Date.now,
): Promise<Detection> {
  const capturedAt = now();
  const answer = await runInPage(tabId, PROBE);
  if (!answer.ok) return { status: 'unavailable', problem: answer.problem };
  const raw = isRecord(answer.value) ? answer.value : {};
  const page = parsePageInfo(raw.page, capturedAt);
  const found = isRecord(raw.providers) ? raw.providers : {};
  const providers = perProvider((id) => parsers[id](found[id], page)) as ProvidersDetection;
  return { status: 'read', page, providers };
}
