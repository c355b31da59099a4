import { describe, expect, it, vi } from 'vitest';
import type { DeviceLayoutSession } from '@/lib/background/device-layout';
import type { DeviceLayout } from '@/lib/page/device-layouts';
import type { DeviceType } from '@/lib/page/page-info';
import { type AllDevicesDeps, saveForAllDevices } from '@/lib/providers/datadog/all-devices';
import type { DatadogDetection, PageContext } from '@/lib/providers/datadog/context';
import { parseDatadogDetection } from '@/lib/providers/datadog/parse';
import { CAPTURED_AT, pageInfo, readyProbe, saveJob } from './fixtures';

const TARGET = { tabId: 4 };

/**
 * A page whose width follows the applied layout (or stays at `stuckAt` when it ignores it), a
 * detection per read whose capture moment moves on, and saves that `failOn` refuses.
 */
function setup({ failOn, stuckAt }: { failOn?: DeviceType; stuckAt?: number } = {}) {
  const log: string[] = [];
  let width = 1440;
  let reads = 0;
  const layout: DeviceLayoutSession = {
    apply: vi.fn(async (applied: DeviceLayout, height: number) => {
      log.push(`apply ${applied.width} ${height}`);
      width = stuckAt ?? applied.width;
    }),
    captureViewport: vi.fn(async () => 'data:image/png;base64,'),
    end: vi.fn(async () => {
      log.push('end');
      width = 1440;
    }),
  };
  const reports: (string | null)[] = [];
  const deps: AllDevicesDeps = {
    openLayout: vi.fn(async () => layout),
    detect: vi.fn(async (): Promise<DatadogDetection> => {
      reads++;
      return parseDatadogDetection(
        readyProbe(),
        pageInfo({ viewport: { width, height: 720 } }, CAPTURED_AT + reads * 1000),
      );
    }),
    save: vi.fn(async (context: PageContext, input) => {
      log.push(`save ${input.deviceType} at ${context.viewport.width}`);
      if (input.deviceType === failOn) throw new Error('Datadog refused the key');
      return saveJob({ id: `job-${input.deviceType}`, context, input });
    }),
    sleep: vi.fn(async () => {}),
    report: (sentence) => reports.push(sentence),
  };
  return { deps, layout, log, reports };
}

describe('saveForAllDevices', () => {
  it('saves once per device, each from a detection taken at that device width, then ends the layout', async () => {
    const { deps, log, reports } = setup();
    const jobs = await saveForAllDevices(TARGET, 720, deps);
    expect(log).toEqual([
      'apply 1280 720',
      'save desktop at 1280',
      'apply 768 720',
      'save tablet at 768',
      'apply 375 720',
      'save mobile at 375',
      'end',
    ]);
    expect(jobs.map((job) => [job.input.deviceType, job.input.deviceTypeSelectedByUser])).toEqual([
      ['desktop', true],
      ['tablet', true],
      ['mobile', true],
    ]);
    expect(new Set(jobs.map((job) => job.input.viewName))).toEqual(new Set(['/products/?']));
    // Each save's capture moment is its own detection's, after its layout.
    expect(new Set(jobs.map((job) => job.context.capturedAt)).size).toBe(3);
    expect(reports).toEqual([
      'Laying out the page for Desktop (1280 px)… 1 of 3',
      'Laying out the page for Tablet (768 px)… 2 of 3',
      'Laying out the page for Mobile (375 px)… 3 of 3',
      null,
    ]);
  });

  it('a step that fails ends the layout, saves no further device and names the device', async () => {
    const { deps, log, reports } = setup({ failOn: 'tablet' });
    const failure = saveForAllDevices(TARGET, 720, deps);
    await expect(failure).rejects.toThrow(/^Saving for Tablet \(768 px\) failed: Datadog refused the key\./);
    await expect(failure).rejects.toThrow('started: Desktop');
    expect(log).toEqual([
      'apply 1280 720',
      'save desktop at 1280',
      'apply 768 720',
      'save tablet at 768',
      'end',
    ]);
    expect(reports.at(-1)).toBeNull();
  });

  it('a page that does not take the width is not saved at the wrong width', async () => {
    const { deps, log } = setup({ stuckAt: 1440 });
    await expect(saveForAllDevices(TARGET, 720, deps)).rejects.toThrow(
      'Saving for Desktop (1280 px) failed: the page stayed 1440 px wide instead of 1280 px',
    );
    expect(deps.save).not.toHaveBeenCalled();
    expect(log.at(-1)).toBe('end');
  });

  it('a layout that cannot start says so and saves nothing', async () => {
    const { deps } = setup();
    deps.openLayout = vi.fn(async () => {
      throw new Error('Cannot access a chrome:// URL');
    });
    await expect(saveForAllDevices(TARGET, 720, deps)).rejects.toThrow(
      'The page could not be laid out at other widths: Cannot access a chrome:// URL',
    );
    expect(deps.save).not.toHaveBeenCalled();
  });
});
