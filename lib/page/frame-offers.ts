import { z } from 'zod/mini';
import { MAX_PROBE_STRING } from '@/lib/probe/raw-schemas';
import { PROVIDER_IDS, type ProviderId, ProviderIdSchema, perProvider } from '@/lib/providers/registry';
import { MAX_URL, webUrl } from './page-info';

/** The browser's id of a tab's top frame. */
export const TOP_FRAME_ID = 0;

/** A page with more frames that carry an SDK is not one the person can choose among in a popup. */
export const MAX_FRAME_OFFERS = 3;

/** What `framePresence` returns in each frame (its type derives from here; hostile input). */
export const RawFramePresenceSchema = z.object({
  href: z.catch(z.nullable(z.string().check(z.maxLength(MAX_PROBE_STRING))), null),
  present: z.object(perProvider(() => z.catch(z.boolean(), false))),
});
export type RawFramePresence = z.input<typeof RawFramePresenceSchema>;

/**
 * A frame of the tab where a provider's SDK is, while the top frame has none of that provider.
 * `url` is what the frame says its address is (http(s) only, else empty): shown, never used.
 */
export const FrameOfferSchema = z.object({
  frameId: z.int().check(z.positive()),
  url: z.string().check(z.maxLength(MAX_URL)),
  providers: z.array(ProviderIdSchema).check(z.minLength(1), z.maxLength(PROVIDER_IDS.length)),
});
export type FrameOffer = z.infer<typeof FrameOfferSchema>;

/** One frame's answer to `executeScript` (`frameId` is the browser's; `result` is the page's). */
export interface FrameAnswer {
  frameId: number;
  result: unknown;
}

/** The frames below the top one that carry an SDK of a `wanted` provider, at most `MAX_FRAME_OFFERS`. */
export function frameOffers(answers: readonly FrameAnswer[], wanted: readonly ProviderId[]): FrameOffer[] {
  const offers: FrameOffer[] = [];
  for (const { frameId, result } of answers) {
    if (offers.length === MAX_FRAME_OFFERS) break;
    if (frameId === TOP_FRAME_ID) continue;
    const presence = RawFramePresenceSchema.safeParse(result);
    if (!presence.success) continue;
    const providers = wanted.filter((id) => presence.data.present[id]);
    if (providers.length > 0) offers.push({ frameId, url: webUrl(presence.data.href), providers });
  }
  return offers;
}
