/**
 * The page address sent to PostHog as a saved heatmap's `url` — the one rule, used by the form,
 * the save, the list of a page's heatmaps and the one-action save.
 *
 * PostHog refuses any of `* + ? ^ $ { } ( ) | [ ] \` in `url` on both `POST saved/` and
 * `POST saved/capture/` (400 "Wildcards are not allowed in the page URL.", attr `url`), and a `url`
 * over 2000 characters (PostHog/posthog `products/web_analytics/backend/api/heatmaps_api.py`:
 * `_URL_PATTERN_CHARS`, `_reject_url_wildcards`, `SavedHeatmapCaptureRequestSerializer.url`).
 *
 * The rule, stated once:
 * 1. the query and the fragment are left out (a `?` can never be sent, and a fragment never
 *    reaches a server anyway);
 * 2. any other refused character in the path is percent-encoded (`(` → `%28`). The result holds
 *    only `%` and hex digits in their place, which PostHog's check accepts. For `[ ] | ^ \ { }`,
 *    which RFC 3986 does not allow raw in a path, browsers send the encoded form already, so it
 *    is the same address; for `* + $ ( )` (RFC 3986 sub-delimiters) servers that decode the path
 *    before routing — nearly all — serve the same page, though RFC 3986 does not promise it.
 *    Either way the popup says what was sent.
 * 3. an address that still holds a refused character (in its host or user name), that carries a
 *    user name or password (PostHog would store it), that is not http(s), or that is over 2000
 *    characters after 1–2, gets a sentence and nothing is sent.
 */

/** PostHog's `_URL_PATTERN_CHARS`. */
const REFUSED_CHARACTERS = /[*+?^${}()|[\]\\]/;
const REFUSED_CHARACTERS_ALL = /[*+?^${}()|[\]\\]/g;
/** `SavedHeatmapCaptureRequestSerializer.url`: `max_length=2000`. */
export const MAX_PAGE_URL_LENGTH = 2000;

export type PageAddress =
  | {
      ok: true;
      /** What PostHog gets as `url`. */
      url: string;
      /** What was changed to get there, for the sentence; empty when `url` is the address as given. */
      leftOut: ('query' | 'fragment')[];
      encoded: string[];
    }
  | { ok: false; problem: string };

function percentEncoded(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/** The address PostHog accepts for this page address, or why there is none. */
export function pageAddressForPosthog(address: string): PageAddress {
  let parsed: URL;
  try {
    parsed = new URL(address.trim());
  } catch {
    return { ok: false, problem: 'The page URL is not a web address.' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, problem: 'The page URL must start with http:// or https://.' };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return {
      ok: false,
      problem:
        'The page URL carries a user name or password, which PostHog would store with the heatmap: save an address without them.',
    };
  }
  const beforeFragment = parsed.href.split('#')[0] ?? '';
  const leftOut: ('query' | 'fragment')[] = [];
  if (beforeFragment.includes('?')) leftOut.push('query');
  if (parsed.href.includes('#')) leftOut.push('fragment');
  parsed.search = '';
  parsed.hash = '';
  const encoded = [...new Set(parsed.pathname.match(REFUSED_CHARACTERS_ALL) ?? [])];
  if (encoded.length > 0) parsed.pathname = parsed.pathname.replace(REFUSED_CHARACTERS_ALL, percentEncoded);
  // Setting an empty search or hash can leave a bare `?` or `#` in some parsers: cut them too.
  const url = parsed.href.replace(/[?#]+$/, '');
  if (REFUSED_CHARACTERS.test(url)) {
    return {
      ok: false,
      problem:
        'The page URL holds a character PostHog refuses in a page address (* + ? ^ $ { } ( ) | [ ] \\) outside its path.',
    };
  }
  if (url.length > MAX_PAGE_URL_LENGTH) {
    return {
      ok: false,
      problem: `The page URL is over ${MAX_PAGE_URL_LENGTH} characters even without its query, and PostHog takes at most ${MAX_PAGE_URL_LENGTH}.`,
    };
  }
  return { ok: true, url, leftOut, encoded };
}

/** Why the address sent differs from the one given, e.g. "the query and fragment were left out: PostHog refuses them"; null when it does not. */
export function addressChangeReason(address: Extract<PageAddress, { ok: true }>): string | null {
  const parts: string[] = [];
  if (address.leftOut.length > 0) {
    const what =
      address.leftOut.length === 2 ? 'the query and fragment were' : `the ${address.leftOut[0]} was`;
    parts.push(`${what} left out`);
  }
  if (address.encoded.length > 0) {
    parts.push(
      `${address.encoded.join(' ')} ${address.encoded.length === 1 ? 'was' : 'were'} percent-encoded`,
    );
  }
  return parts.length === 0 ? null : `${parts.join(' and ')}: PostHog refuses them in a page URL`;
}

/** "Saved for <url> (…)" when PostHog got another address than the page's; null when the same. */
export function savedForSentence(pageUrl: string): string | null {
  const address = pageAddressForPosthog(pageUrl);
  if (!address.ok) return null;
  const reason = addressChangeReason(address);
  return reason === null ? null : `Saved for ${address.url} (${reason}).`;
}
