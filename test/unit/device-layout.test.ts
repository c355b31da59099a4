import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openDebuggerLayout } from '@/lib/background/device-layout';
import { DEVICE_LAYOUTS, layoutAtWidth } from '@/lib/page/device-layouts';

/** A `debugger` API (fakeBrowser has none) that logs each call; `clearFails` makes clearing the override throw. */
function stubDebugger({ clearFails = false } = {}) {
  const calls: unknown[][] = [];
  const api = {
    attach: vi.fn(async (...args: unknown[]) => void calls.push(['attach', ...args])),
    detach: vi.fn(async (...args: unknown[]) => void calls.push(['detach', ...args])),
    sendCommand: vi.fn(async (target: unknown, method: string, params?: unknown) => {
      calls.push(['sendCommand', target, method, ...(params === undefined ? [] : [params])]);
      if (clearFails && method === 'Emulation.clearDeviceMetricsOverride') throw new Error('tab crashed');
      return method === 'Page.captureScreenshot' ? { data: 'iVBORw0KGgo=' } : {};
    }),
  };
  Object.defineProperty(fakeBrowser, 'debugger', {
    value: api,
    configurable: true,
  });
  return calls;
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  Reflect.deleteProperty(fakeBrowser, 'debugger');
  vi.restoreAllMocks();
});

describe('openDebuggerLayout', () => {
  it('emulates each device at its exact width and the given height, then clears the emulation and detaches', async () => {
    const calls = stubDebugger();
    const layout = await openDebuggerLayout(9);
    await layout.apply(DEVICE_LAYOUTS.mobile, 700);
    await layout.apply(layoutAtWidth(1280), 700);
    await layout.end();
    const target = { tabId: 9 };
    expect(calls).toEqual([
      ['attach', target, '1.3'],
      [
        'sendCommand',
        target,
        'Emulation.setDeviceMetricsOverride',
        { width: 375, height: 700, deviceScaleFactor: 0, mobile: true },
      ],
      ['sendCommand', target, 'Emulation.setScrollbarsHidden', { hidden: true }],
      [
        'sendCommand',
        target,
        'Emulation.setDeviceMetricsOverride',
        { width: 1280, height: 700, deviceScaleFactor: 0, mobile: false },
      ],
      ['sendCommand', target, 'Emulation.setScrollbarsHidden', { hidden: true }],
      ['sendCommand', target, 'Emulation.clearDeviceMetricsOverride'],
      ['sendCommand', target, 'Emulation.setScrollbarsHidden', { hidden: false }],
      ['detach', target],
    ]);
  });

  it('pictures the laid-out viewport through the same session, as a PNG data URL', async () => {
    const calls = stubDebugger();
    const layout = await openDebuggerLayout(9);
    await layout.apply(DEVICE_LAYOUTS.tablet, 700);
    expect(await layout.captureViewport()).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(calls.at(-1)).toEqual(['sendCommand', { tabId: 9 }, 'Page.captureScreenshot', { format: 'png' }]);
  });

  it('detaches even when clearing the emulation fails', async () => {
    const calls = stubDebugger({ clearFails: true });
    const layout = await openDebuggerLayout(9);
    await expect(layout.end()).rejects.toThrow('tab crashed');
    expect(calls.at(-1)).toEqual(['detach', { tabId: 9 }]);
  });
});
