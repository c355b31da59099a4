import { z } from 'zod/mini';
import { MAX_PROBE_STRING } from '@/lib/probe/raw-schemas';
import { guessDeviceType } from './device';

/**
 * What every provider needs to know about the page itself, whatever SDK it runs: where it is,
 * how big it is laid out, what kind of device it is, and when the person acted. Parsed from the
 * page probe's `page` part (hostile input) by `parsePageInfo`.
 */
export const DeviceTypeSchema = z.enum(['desktop', 'tablet', 'mobile']);
export type DeviceType = z.infer<typeof DeviceTypeSchema>;

export const MAX_URL = 4096;
const probeString = z.catch(z.nullable(z.string().check(z.maxLength(MAX_PROBE_STRING))), null);
/** Larger than any screen: a page reporting more is lying, and its size reads as unknown. */
const MAX_DIMENSION = 100_000;
const dimension = z.catch(z.nullable(z.number().check(z.nonnegative(), z.lte(MAX_DIMENSION))), null);
const size = z.catch(z.object({ width: dimension, height: dimension }), { width: null, height: null });

/** The page part of the probe's answer; `lib/page/probe.ts` returns this shape (its type derives from here). */
export const RawPageSchema = z.object({
  href: probeString,
  userAgent: probeString,
  maxTouchPoints: dimension,
  coarsePointer: z.catch(z.nullable(z.boolean()), null),
  viewport: size,
  screen: size,
});
export type RawPage = z.input<typeof RawPageSchema>;

const dimensions = z.object({
  width: z.int().check(z.nonnegative()),
  height: z.int().check(z.nonnegative()),
});

export const PageInfoSchema = z.object({
  /** The page's URL (http or https only; empty when the page reported none). */
  url: z.string().check(z.maxLength(MAX_URL)),
  viewport: dimensions,
  deviceGuess: DeviceTypeSchema,
  /** The capture moment, epoch ms, taken by the extension (not the page) when detection ran. */
  capturedAt: z.int().check(z.positive()),
});
export type PageInfo = z.infer<typeof PageInfoSchema>;

function wholePixels(value: number | null): number {
  return value === null ? 0 : Math.round(value);
}

/** The address when it is an http(s) URL of bounded length, else empty (a page may report anything). */
export function webUrl(href: string | null): string {
  if (href === null || href.length > MAX_URL) return '';
  try {
    const { protocol } = new URL(href);
    return protocol === 'http:' || protocol === 'https:' ? href : '';
  } catch {
    return '';
  }
}

/** The page part of a probe answer; anything unreadable becomes a neutral value, never an error. */
export function parsePageInfo(raw: unknown, capturedAt: number): PageInfo {
  const page = z.catch(RawPageSchema, RawPageSchema.parse({})).parse(raw ?? {});
  const viewport = { width: wholePixels(page.viewport.width), height: wholePixels(page.viewport.height) };
  return {
    url: webUrl(page.href),
    viewport,
    deviceGuess: guessDeviceType({
      userAgent: page.userAgent ?? '',
      maxTouchPoints: page.maxTouchPoints ?? 0,
      coarsePointer: page.coarsePointer ?? false,
      viewport,
      screen: { width: wholePixels(page.screen.width), height: wholePixels(page.screen.height) },
    }),
    capturedAt,
  };
}
