import type { Handlers } from '@/lib/background/router';
import type { JobDeps } from '@/lib/jobs/job';
import type { MessageType } from '@/lib/messages/protocol';
import type { PageInfo } from '@/lib/page/page-info';
import { createDatadogBackground, type DatadogCore } from './datadog/background';
import { createPosthogBackground, type PosthogCore } from './posthog/background';
import type { DetectionOf, ProviderDefinition, ProviderId, SaveJob } from './registry';

/** What the core offers every provider's background half (each takes what it needs). */
export type ProviderCore = DatadogCore & PosthogCore;

/** One provider's background half, as the core drives it. */
export interface ProviderBackground<P extends ProviderId> {
  parseDetection(raw: unknown, page: PageInfo): DetectionOf<P>;
  /** Whether this detection is an SDK still loading (a snippet's stub): the core probes again for a while. */
  isLoading(detection: DetectionOf<P>): boolean;
  runJob(job: SaveJob, deps: JobDeps): Promise<SaveJob>;
  /** The link its popup offers for a finished save (kept in the recent saves); null when there is none. */
  resultLink(job: SaveJob): Promise<string | null>;
  /** Its own messages (`<provider>:…`), each answered. */
  handlers: Handlers<keyof ProviderDefinition<P>['messages'] & MessageType>;
}

/** The background bundle's registry of providers (see `registry.ts`). */
export function createProviderBackgrounds(core: ProviderCore) {
  return {
    datadog: createDatadogBackground(core),
    posthog: createPosthogBackground(core),
  } satisfies { [P in ProviderId]: ProviderBackground<P> };
}
