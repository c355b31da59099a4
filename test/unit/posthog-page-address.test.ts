import { describe, expect, test } from 'vitest';
import { PosthogSaveInputSchema } from '@/lib/providers/posthog/job';
import {
  addressChangeReason,
  pageAddressForPosthog,
  savedForSentence,
} from '@/lib/providers/posthog/page-address';

/** PostHog's own check (heatmaps_api.py `_URL_PATTERN_CHARS`), restated here to test the rule against it. */
const POSTHOG_REFUSES = /[*+?^${}()|[\]\\]/;

describe('the page address PostHog gets (page-address.ts)', () => {
  test.each([
    ['https://shop.example/a', 'https://shop.example/a', null],
    ['https://shop.example/a?ref=home', 'https://shop.example/a', 'the query was left out'],
    ['https://shop.example/a#top', 'https://shop.example/a', 'the fragment was left out'],
    ['https://shop.example/a?ref=home#top', 'https://shop.example/a', 'the query and fragment were left out'],
    ['https://shop.example/a?', 'https://shop.example/a', 'the query was left out'],
    ['https://shop.example/p/(sale)', 'https://shop.example/p/%28sale%29', '( ) were percent-encoded'],
    [
      'https://shop.example/a*b+c$d|e',
      'https://shop.example/a%2Ab%2Bc%24d%7Ce',
      '* + $ | were percent-encoded',
    ],
    ['https://shop.example/[x]', 'https://shop.example/%5Bx%5D', '[ ] were percent-encoded'],
    [
      'https://shop.example/a(b)?q=1#f',
      'https://shop.example/a%28b%29',
      'the query and fragment were left out and ( ) were percent-encoded',
    ],
  ])('%s → %s', (given, sent, reason) => {
    const address = pageAddressForPosthog(given);
    expect(address.ok && address.url).toBe(sent);
    expect(POSTHOG_REFUSES.test(sent)).toBe(false);
    if (!address.ok) return;
    const why = addressChangeReason(address);
    if (reason === null) expect(why).toBeNull();
    else expect(why).toBe(`${reason}: PostHog refuses them in a page URL`);
  });

  test('the address made is its own result (the rule is stable)', () => {
    for (const given of [
      'https://shop.example/a(b)?q#f',
      'https://shop.example/%28x%29',
      'http://a.example:8080/',
    ]) {
      const once = pageAddressForPosthog(given);
      const twice = once.ok ? pageAddressForPosthog(once.url) : once;
      expect(twice).toEqual(once.ok ? { ok: true, url: once.url, leftOut: [], encoded: [] } : once);
    }
  });

  test.each([
    ['not a web address', 'shop.example/a', 'not a web address'],
    ['ftp', 'ftp://shop.example/a', 'http:// or https://'],
    ['credentials', 'https://user:secret@shop.example/a', 'user name or password'],
    ['a refused character in the host', 'https://a(b).example/', 'outside its path'],
    ['over 2000 characters without its query', `https://shop.example/${'a'.repeat(1990)}?q=1`, 'over 2000'],
  ])('%s: a sentence, no address', (_, given, words) => {
    const address = pageAddressForPosthog(given);
    expect(address.ok).toBe(false);
    expect(!address.ok && address.problem).toContain(words);
  });

  test('a long address whose query makes it long is fine once the query is left out', () => {
    const address = pageAddressForPosthog(`https://shop.example/a?${'q'.repeat(3000)}`);
    expect(address.ok && address.url).toBe('https://shop.example/a');
  });

  test('"Saved for …" says what was sent only when it differs from the page address', () => {
    expect(savedForSentence('https://x.example/a?b=1#c')).toBe(
      'Saved for https://x.example/a (the query and fragment were left out: PostHog refuses them in a page URL).',
    );
    expect(savedForSentence('https://x.example/a')).toBeNull();
  });

  test('the save input refuses a page address that cannot be made acceptable, with the sentence, before anything is sent', () => {
    const input = {
      name: 'n',
      pageUrl: 'https://user:pw@shop.example/a',
      source: 'capture',
      widths: [1024],
    };
    const parsed = PosthogSaveInputSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('user name or password');
    expect(
      PosthogSaveInputSchema.safeParse({ ...input, pageUrl: 'https://shop.example/a?q#f' }).success,
    ).toBe(true);
  });
});
