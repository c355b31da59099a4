import { z } from 'zod/mini';

/** The page controller's answers, parsed in the background: the page owns the DOM they are read from. */
const pixels = z.number().check(z.gte(0), z.lte(10_000_000));
const viewportPixels = z.number().check(z.positive(), z.lte(100_000));

export const MeasurementSchema = z.object({
  /** document.documentElement.clientWidth: the layout width, without the scrollbar. */
  layoutWidth: viewportPixels,
  /** window.innerWidth: what captureVisibleTab covers horizontally (scrollbar included). */
  viewportWidth: viewportPixels,
  viewportHeight: viewportPixels,
  documentHeight: pixels,
  devicePixelRatio: z.number().check(z.positive(), z.lte(16)),
  scrollX: z.number(),
  scrollY: z.number(),
  visible: z.boolean(),
});
export type Measurement = z.infer<typeof MeasurementSchema>;

export const ScrolledSchema = z.object({
  /** Where the page really is: pages may clamp or fight scrolling, so slices are cut from this. */
  scrollY: z.number(),
  viewportHeight: viewportPixels,
  visible: z.boolean(),
});
export type Scrolled = z.infer<typeof ScrolledSchema>;

export const RestoredSchema = z.object({ scrollX: z.number(), scrollY: z.number() });
export type Restored = z.infer<typeof RestoredSchema>;

export const PageAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string().check(z.maxLength(500)) }),
]);
