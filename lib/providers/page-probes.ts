import { read } from '@/lib/probe/safe-read';
import { DATADOG_GLOBAL, probeDatadog } from './datadog/probe';
import { POSTHOG_GLOBAL, probePosthog } from './posthog/probe';
import type { ProviderId } from './registry';

/**
 * Each provider's page probe: the page bundle's registry (see `registry.ts`). Everything imported
 * here at run time runs in the page's MAIN world: never zod, never `wxt/browser` (a test
 * enforces it); the provider list comes in as a type only.
 */
export const PAGE_PROBES = [
  ['datadog', probeDatadog],
  ['posthog', probePosthog],
] as const satisfies readonly (readonly [ProviderId, (win: Window) => unknown])[];

/**
 * Whether the page has set `win[name]` at all: the same line each parser draws for `absent` (a
 * stub, an unreadable or a fake global is "there" and gets its own sentence once read).
 */
function hasGlobal(win: Window, name: string): boolean {
  const field = read(win, name);
  return !field.ok || (field.value !== undefined && field.value !== null);
}

/**
 * Each provider's presence check, for the look into every frame of a tab
 * (`lib/page/frame-presence.ts`): a separate list from `PAGE_PROBES` so that script bundles
 * these lines only, not the probes.
 */
export const PAGE_PRESENCE = [
  ['datadog', (win) => hasGlobal(win, DATADOG_GLOBAL)],
  ['posthog', (win) => hasGlobal(win, POSTHOG_GLOBAL)],
] as const satisfies readonly (readonly [ProviderId, (win: Window) => boolean])[];

/** A provider missing from either list above fails `tsc` here. */
type Missing =
  | Exclude<ProviderId, (typeof PAGE_PROBES)[number][0]>
  | Exclude<ProviderId, (typeof PAGE_PRESENCE)[number][0]>;
const everyProviderProbed: [Missing] extends [never] ? true : Missing = true;
void everyProviderProbed;
