import { DEFAULT_RENDER_MS, MAX_RENDER_MS } from './defaults';
import type { HeatmapStore } from './heatmap-store';
import { jpegSize } from './jpeg';
import type { HeatmapRecord, ImageMeta } from './model';
import type { PageRenderer } from './renderer';

/**
 * Turns saved heatmaps into content. Uploads are stored at once; server-side screenshots are
 * rendered in the background. Either way the heatmap reads as `processing` for at least the
 * rendering time (`ready_at`), which tests set per sandbox or at run time.
 */

export class HeatmapProcessor {
  private renderMs: number;
  /** The newest job per heatmap: an older render finishing late must not overwrite it. */
  private readonly latestJob = new Map<string, number>();
  private jobCounter = 0;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly store: HeatmapStore,
    private readonly renderer: PageRenderer,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
    renderMs = DEFAULT_RENDER_MS,
  ) {
    this.renderMs = renderMs;
  }

  setRenderMs(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_RENDER_MS)
      throw new RangeError(`renderMs out of range: ${ms}`);
    this.renderMs = ms;
  }

  getRenderMs(): number {
    return this.renderMs;
  }

  /** When content made now becomes visible. */
  readyAt(): number {
    return this.now() + this.renderMs;
  }

  /**
   * Stores uploaded JPEGs (already validated) as the heatmap's content, completed at once: PostHog
   * creates a captured heatmap `COMPLETED` with its snapshots in one transaction (heatmaps_api.py `capture`).
   */
  storeUpload(
    record: HeatmapRecord,
    images: { width: number; jpeg: Buffer; height: number }[],
  ): HeatmapRecord {
    for (const image of images) this.store.writeImage(record.id, image.width, image.jpeg);
    const metas: ImageMeta[] = images.map((i) => ({
      width: i.width,
      height: i.height,
      bytes: i.jpeg.length,
      source: 'upload',
    }));
    const stored = { ...record, status: 'completed' as const, images: metas, ready_at: this.now() };
    this.store.put(stored);
    return stored;
  }

  /** Marks the heatmap processing (keeping its old content until the new one is ready) and renders. */
  startRender(record: HeatmapRecord): HeatmapRecord {
    const job = ++this.jobCounter;
    this.latestJob.set(record.id, job);
    const processing = {
      ...record,
      status: 'processing' as const,
      exception: null,
      ready_at: this.readyAt(),
    };
    this.store.put(processing);
    const run = this.render(processing, job).finally(() => this.running.delete(run));
    this.running.add(run);
    return processing;
  }

  /** Waits for renders in flight (they fail fast once the renderer is closed). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async render(record: HeatmapRecord, job: number): Promise<void> {
    let outcome: Partial<HeatmapRecord>;
    try {
      const rendered = await this.renderer.render(record.url, record.target_widths);
      const images: ImageMeta[] = [];
      for (const { width, jpeg } of rendered) {
        const size = jpegSize(jpeg);
        if (!size) throw new Error(`renderer produced an unreadable JPEG at width ${width}`);
        if (size.width !== width) throw new Error(`renderer produced ${size.width} px for width ${width}`);
        if (this.latestJob.get(record.id) === job) this.store.writeImage(record.id, width, jpeg);
        images.push({ width, height: size.height, bytes: jpeg.length, source: 'render' });
      }
      outcome = { status: 'completed', images, exception: null };
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      this.log(`PostHog render of ${record.url} failed: ${message}`);
      outcome = { status: 'failed', exception: message ?? 'render failed', images: [] };
    }
    if (this.latestJob.get(record.id) !== job) return;
    this.latestJob.delete(record.id);
    this.store.update(record.id, (stored) => Object.assign(stored, outcome));
  }
}
