import fc from 'fast-check';
import { expect, test } from 'vitest';
import { groupViewPath } from '@/lib/providers/datadog/view-name';

test.each([
  ['https://shop.example/', '/'],
  ['https://shop.example', '/'],
  ['https://shop.example/products/42', '/products/?'],
  ['https://shop.example/users/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/profile', '/users/?/profile'],
  ['https://shop.example/products/?ref=1#reviews', '/products'],
  ['https://shop.example/products/', '/products'],
  ['https://shop.example//a//b/', '/a/b'],
  ['https://shop.example/blog/2024-report/comments', '/blog/?/comments'],
  ['https://shop.example/orders/v2', '/orders/?'],
  ['https://shop.example/hello%20world', '/hello%20world'],
  ['https://shop.example/caf%C3%A9', '/caf%C3%A9'],
  ['https://shop.example/bad%zzescape', '/bad%zzescape'],
  ['/checkout/step/3?x=1', '/checkout/step/?'],
  ['', '/'],
])('%s → %s', (url, expected) => {
  expect(groupViewPath(url)).toBe(expected);
});

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

test('always a path starting with /, with no digit left in any segment, no query, hash or empty segments', () => {
  fc.assert(
    fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
      const grouped = groupViewPath(url);
      expect(grouped.startsWith('/')).toBe(true);
      expect(grouped).not.toMatch(/[?#][^/]/);
      const segments = grouped.split('/').filter((segment) => segment.length > 0);
      expect(segments.filter((segment) => segment !== '?' && /\d/.test(decoded(segment)))).toEqual([]);
      expect(grouped === '/' || !grouped.includes('//')).toBe(true);
      expect(grouped === '/' || !grouped.endsWith('/')).toBe(true);
    }),
    { numRuns: 300 },
  );
});
