import { readText } from '@/lib/probe/safe-read';
import { PAGE_PRESENCE } from '@/lib/providers/page-probes';
import type { RawFramePresence } from './frame-offers';

/**
 * What the frames content script returns in every frame of a tab: its address and which
 * providers' globals it has. Only presence, not the full probe: nothing of a frame is read
 * before the person chooses it, and this runs in every frame (ads, widgets), so it stays tiny.
 * Same rules as `runProbes`: MAIN world, safe-read only, prototype-less objects, index loops.
 */
export function framePresence(win: Window = window): RawFramePresence {
  const present = { __proto__: null } as unknown as RawFramePresence['present'];
  for (let index = 0; index < PAGE_PRESENCE.length; index++) {
    const entry = PAGE_PRESENCE[index] as (typeof PAGE_PRESENCE)[number];
    present[entry[0]] = entry[1](win);
  }
  return { __proto__: null, href: readText(() => win.location.href), present } as RawFramePresence;
}
