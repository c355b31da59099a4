import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PageInfoSchema, parsePageInfo } from '@/lib/page/page-info';
import { CAPTURED_AT, rawPage } from './fixtures';

const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148';

describe('parsePageInfo', () => {
  test('a realistic page part gives its URL, whole-pixel viewport, device guess and the capture moment', () => {
    expect(parsePageInfo(rawPage(), CAPTURED_AT)).toEqual({
      url: 'https://shop.example/products/42?ref=home#top',
      viewport: { width: 1280, height: 720 },
      deviceGuess: 'desktop',
      capturedAt: CAPTURED_AT,
    });
  });

  test('device guess uses the probe signals; the viewport is rounded to whole pixels', () => {
    const page = parsePageInfo(
      rawPage({ userAgent: IPHONE_UA, viewport: { width: 390.4, height: 844 } }),
      CAPTURED_AT,
    );
    expect(page.deviceGuess).toBe('mobile');
    expect(page.viewport).toEqual({ width: 390, height: 844 });
  });

  test('a coarse pointer on a tablet-sized screen with no telling user agent → tablet', () => {
    const page = parsePageInfo(
      rawPage({
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
        coarsePointer: true,
        maxTouchPoints: 5,
        screen: { width: 800, height: 1280 },
        viewport: { width: 800, height: 1200 },
      }),
      CAPTURED_AT,
    );
    expect(page.deviceGuess).toBe('tablet');
  });

  test('the capture moment is the one given, never read from the page', () => {
    expect(parsePageInfo({ ...rawPage(), capturedAt: 1 }, CAPTURED_AT + 5).capturedAt).toBe(CAPTURED_AT + 5);
  });

  test('only http(s) URLs within 4096 characters are kept', () => {
    expect(parsePageInfo(rawPage({ href: 'http://localhost:3000/a' }), CAPTURED_AT).url).toBe(
      'http://localhost:3000/a',
    );
    expect(parsePageInfo(rawPage({ href: 'javascript:alert(1)' }), CAPTURED_AT).url).toBe('');
    expect(parsePageInfo(rawPage({ href: 'file:///etc/passwd' }), CAPTURED_AT).url).toBe('');
    expect(parsePageInfo(rawPage({ href: 'not a url' }), CAPTURED_AT).url).toBe('');
    expect(
      parsePageInfo(rawPage({ href: `https://shop.example/${'a'.repeat(4100)}` }), CAPTURED_AT).url,
    ).toBe('');
  });

  test('unreadable signals become neutral values: empty URL, 0×0, desktop', () => {
    const unreadable = {
      href: null,
      userAgent: null,
      maxTouchPoints: null,
      coarsePointer: null,
      viewport: { width: null, height: null },
      screen: { width: null, height: null },
    };
    expect(parsePageInfo(unreadable, CAPTURED_AT)).toEqual({
      url: '',
      viewport: { width: 0, height: 0 },
      deviceGuess: 'desktop',
      capturedAt: CAPTURED_AT,
    });
    expect(parsePageInfo(undefined, CAPTURED_AT)).toEqual(parsePageInfo(unreadable, CAPTURED_AT));
  });

  test('negative, infinite or non-numeric sizes are not trusted', () => {
    const page = parsePageInfo(
      { ...rawPage(), viewport: { width: -5, height: Number.POSITIVE_INFINITY } },
      CAPTURED_AT,
    );
    expect(page.viewport).toEqual({ width: 0, height: 0 });
    expect(parsePageInfo({ ...rawPage(), viewport: 'wide' }, CAPTURED_AT).viewport).toEqual({
      width: 0,
      height: 0,
    });
  });
});

test('an absurd viewport (2^53 px) reads as unknown, so the page info stays valid', () => {
  const page = parsePageInfo(rawPage({ viewport: { width: 2 ** 53, height: 720 } }), CAPTURED_AT);
  expect(PageInfoSchema.safeParse(page).success).toBe(true);
  expect(page.viewport).toEqual({ width: 0, height: 720 });
});

describe('parsePageInfo: properties', () => {
  const mutablePaths: (string | number)[][] = [
    [],
    ['href'],
    ['userAgent'],
    ['maxTouchPoints'],
    ['coarsePointer'],
    ['viewport'],
    ['viewport', 'width'],
    ['viewport', 'height'],
    ['screen'],
    ['screen', 'width'],
    ['screen', 'height'],
  ];

  function setAt(target: unknown, path: (string | number)[], value: unknown): unknown {
    if (path.length === 0) return value;
    const [head, ...rest] = path as [string | number, ...(string | number)[]];
    const container = (typeof target === 'object' && target !== null ? target : {}) as Record<
      string | number,
      unknown
    >;
    container[head] = setAt(container[head], rest, value);
    return container;
  }

  function expectValidPageInfo(raw: unknown) {
    const page = parsePageInfo(raw, CAPTURED_AT);
    expect(PageInfoSchema.safeParse(page).success).toBe(true);
    expect(page.capturedAt).toBe(CAPTURED_AT);
    return page;
  }

  test('arbitrary values never throw and always yield valid page info', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }),
        (raw) => {
          expectValidPageInfo(raw);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a realistic page part with any one field replaced by junk yields valid page info', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...mutablePaths),
        fc.oneof(
          fc.anything(),
          fc.string({ maxLength: 20_000 }),
          fc.constant({ unsupported: 'function' }),
          fc.double(),
          fc.constant(null),
        ),
        (path, junk) => {
          expectValidPageInfo(setAt(rawPage(), path, junk));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('realistic sizes are kept exactly', () => {
    fc.assert(
      fc.property(
        fc.record({ width: fc.integer({ min: 0, max: 5000 }), height: fc.integer({ min: 0, max: 5000 }) }),
        (viewport) => {
          expect(expectValidPageInfo(rawPage({ viewport })).viewport).toEqual(viewport);
        },
      ),
      { numRuns: 300 },
    );
  });
});
