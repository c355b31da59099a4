import { describe, expect, test } from 'vitest';
import { type DeviceSignals, guessDeviceType } from '@/lib/page/device';
import { DESKTOP_UA } from './fixtures';

function signals(overrides: Partial<DeviceSignals> = {}): DeviceSignals {
  return {
    userAgent: DESKTOP_UA,
    maxTouchPoints: 0,
    coarsePointer: false,
    viewport: { width: 1280, height: 720 },
    screen: { width: 1920, height: 1080 },
    ...overrides,
  };
}

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const ANDROID_PHONE =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/140 Mobile Safari/537.36';
const ANDROID_TABLET = 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Chrome/140 Safari/537.36';
const MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15';
const FIREFOX_MOBILE = 'Mozilla/5.0 (Mobile; rv:120.0) Gecko/120.0 Firefox/120.0';

describe('guessDeviceType', () => {
  test.each([
    ['iPhone', IPHONE, 'mobile'],
    ['iPad', IPAD, 'tablet'],
    ['Android phone', ANDROID_PHONE, 'mobile'],
    ['Android tablet', ANDROID_TABLET, 'tablet'],
    ['a "Mobi" UA', FIREFOX_MOBILE, 'mobile'],
    ['a Linux desktop', DESKTOP_UA, 'desktop'],
    ['a Mac without touch', MAC, 'desktop'],
  ])('%s → %s from the user agent', (_label, userAgent, expected) => {
    // A big screen must not override what the user agent says.
    expect(guessDeviceType(signals({ userAgent }))).toBe(expected);
  });

  test('iPadOS with a desktop Mac user agent is told by its touch points', () => {
    expect(guessDeviceType(signals({ userAgent: MAC, maxTouchPoints: 5, coarsePointer: true }))).toBe(
      'tablet',
    );
    expect(guessDeviceType(signals({ userAgent: MAC, maxTouchPoints: 1 }))).toBe('desktop');
  });

  test('unknown user agent with a coarse pointer: the short side decides', () => {
    const touch = { userAgent: 'SomeBrowser/1.0', coarsePointer: true, maxTouchPoints: 5 };
    expect(guessDeviceType(signals({ ...touch, screen: { width: 412, height: 915 } }))).toBe('mobile');
    expect(guessDeviceType(signals({ ...touch, screen: { width: 1024, height: 1366 } }))).toBe('tablet');
    expect(guessDeviceType(signals({ ...touch, screen: { width: 1920, height: 1200 } }))).toBe('desktop');
    // No screen size: the viewport is used instead.
    expect(
      guessDeviceType(
        signals({ ...touch, screen: { width: 0, height: 0 }, viewport: { width: 599, height: 800 } }),
      ),
    ).toBe('mobile');
  });

  test('a touch laptop (touch points, fine pointer) stays a desktop', () => {
    expect(
      guessDeviceType(
        signals({ maxTouchPoints: 10, coarsePointer: false, screen: { width: 1366, height: 768 } }),
      ),
    ).toBe('desktop');
  });

  test('no usable size → desktop', () => {
    const none = { width: 0, height: 0 };
    expect(
      guessDeviceType(signals({ userAgent: '', coarsePointer: true, screen: none, viewport: none })),
    ).toBe('desktop');
  });
});
