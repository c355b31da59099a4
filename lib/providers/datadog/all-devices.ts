import type { DeviceLayoutSession } from '@/lib/background/device-layout';
import { messageOf } from '@/lib/errors';
import { DEVICE_LABELS, DEVICE_LAYOUTS, DEVICE_TYPES, deviceLayoutText } from '@/lib/page/device-layouts';
import type { DeviceType } from '@/lib/page/page-info';
import type { PageTarget } from '@/lib/page/target';
import { cleanName } from '@/lib/shared/names';
import type { DatadogDetection, PageContext } from './context';
import { defaultSnapshotName } from './default-input';
import type { DatadogJob, SaveInput } from './job';

/**
 * After a layout is applied: the page reflows and the SDK records a ViewportResize (throttled
 * at 200 ms) before the capture moment is taken. Then the page's own width is checked, every
 * `LAYOUT_CHECK_MS`, a few times: a busy page may reflow late.
 */
export const LAYOUT_SETTLE_MS = 500;
const LAYOUT_CHECK_MS = 250;
const LAYOUT_CHECKS = 8;

export interface AllDevicesDeps {
  openLayout(tabId: number): Promise<DeviceLayoutSession>;
  /** A fresh detection of the target (its `capturedAt` is that moment); throws when the page cannot be read. */
  detect(target: PageTarget): Promise<DatadogDetection>;
  save(context: PageContext, input: SaveInput): Promise<DatadogJob>;
  sleep(ms: number): Promise<void>;
  /** What is happening now, for the popup; null once over. */
  report(sentence: string | null): void;
}

/** The page's context at the device's width, once the page has taken it and the SDK has had time to record it. */
async function contextAtWidth(
  target: PageTarget,
  device: DeviceType,
  deps: AllDevicesDeps,
): Promise<PageContext> {
  const { width } = DEVICE_LAYOUTS[device];
  await deps.sleep(LAYOUT_SETTLE_MS);
  for (let check = 1; ; check++) {
    const detection = await deps.detect(target);
    if (detection.status !== 'ready') throw new Error('Datadog RUM was no longer ready on the page');
    const { context } = detection;
    if (context.viewport.width === width) return context;
    if (check === LAYOUT_CHECKS) {
      throw new Error(`the page stayed ${context.viewport.width} px wide instead of ${width} px`);
    }
    await deps.sleep(LAYOUT_CHECK_MS);
  }
}

/**
 * "Save for all devices": one ordinary Datadog save per device type, each from a detection taken
 * while the page is laid out at that device's width, so the replay behind each snapshot shows that
 * layout. The layout is always ended (the page gets its own back), also when a step fails; a
 * failure stops the remaining devices, and its sentence names the device.
 */
export async function saveForAllDevices(
  target: PageTarget,
  viewportHeight: number,
  deps: AllDevicesDeps,
): Promise<DatadogJob[]> {
  const jobs: DatadogJob[] = [];
  // The first device's view name serves all three, so they group under one view in Datadog.
  let viewName: string | undefined;
  let device: DeviceType = DEVICE_TYPES[0] ?? 'desktop';
  try {
    const layout = await deps.openLayout(target.tabId).catch((error: unknown) => {
      throw new Error(`The page could not be laid out at other widths: ${messageOf(error)}`);
    });
    try {
      for (const [index, current] of DEVICE_TYPES.entries()) {
        device = current;
        deps.report(
          `Laying out the page for ${deviceLayoutText(device)}… ${index + 1} of ${DEVICE_TYPES.length}`,
        );
        await layout.apply(DEVICE_LAYOUTS[device], viewportHeight);
        const context = await contextAtWidth(target, device, deps);
        viewName ??= cleanName(context.viewName);
        jobs.push(
          await deps.save(context, {
            viewName,
            snapshotName: defaultSnapshotName(viewName, context.capturedAt),
            deviceType: device,
            deviceTypeSelectedByUser: true,
          }),
        );
      }
    } catch (error) {
      const started = jobs.map((job) => DEVICE_LABELS[job.input.deviceType]).join(', ') || 'none';
      throw new Error(
        `Saving for ${deviceLayoutText(device)} failed: ${messageOf(error)}. No further device was saved (started: ${started}); the page is back to its own layout.`,
      );
    } finally {
      await layout.end();
    }
    return jobs;
  } finally {
    deps.report(null);
  }
}
