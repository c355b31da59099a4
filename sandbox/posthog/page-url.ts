import { isIP } from 'node:net';
import { invalid } from './errors';

/**
 * PostHog's rules for a saved heatmap's page `url`, as in PostHog/posthog
 * `products/web_analytics/backend/api/heatmaps_api.py` (`_URL_PATTERN_CHARS`,
 * `_reject_url_wildcards`, `validate_page_url`, `validate_captured_page_url`) and
 * `posthog/security/url_validation.py` (`is_url_allowed`), read from the source:
 * - `saved/` (server render), `saved/prewarm/`, PATCH `url`: no wildcard characters, then the
 *   URL safety check (http/https with a host; not localhost, a metadata host, an internal
 *   suffix or a private/loopback/link-local/reserved/CGNAT IP literal; the host must resolve, to
 *   public addresses only);
 * - `saved/capture/`: no wildcard characters, then http/https only (no safety check: PostHog
 *   never fetches a captured page).
 *
 * The stand-in has no DNS: its resolver knows only the names a test declares public
 * (`PostHogOptions.publicHosts`, standing in for a site on the internet; the renderer maps them to
 * the sandbox, renderer.ts). Every other name "could not be resolved", so a render of the
 * sandbox's own 127.0.0.1 or localhost address is refused exactly as PostHog refuses it.
 */

/** `_URL_PATTERN_CHARS = set("*+?^${}()|[]\\")`. */
const URL_PATTERN_CHARS = /[*+?^${}()|[\]\\]/;
export const WILDCARDS_MESSAGE = 'Wildcards are not allowed in the page URL.';

/** `METADATA_HOSTS`, the loopback names and `INTERNAL_DOMAIN_PATTERNS` (url_validation.py). */
const METADATA_HOSTS = new Set(['169.254.169.254', 'metadata.google.internal']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);
const INTERNAL_DOMAIN_PATTERNS = [
  '.local',
  '.internal',
  '.svc.cluster.local',
  '.cluster.local',
  '.consul',
  '.lan',
  '.home',
  '.corp',
  '.localdomain',
  '.home.arpa',
  '.intranet',
  '.priv',
];

/** `_reject_url_wildcards`: 400 on `url`. */
export function rejectWildcards(url: string): void {
  if (URL_PATTERN_CHARS.test(url)) throw invalid('url', WILDCARDS_MESSAGE);
}

/** `validate_captured_page_url`. */
export function validateCapturedPageUrl(url: string): void {
  rejectWildcards(url);
  if (!/^https?:$/.test(schemeOf(url))) throw invalid('url', 'URL must start with http:// or https://.');
}

/** `validate_page_url`: wildcards, then `is_url_allowed` with the stand-in's resolver. */
export function validatePageUrl(url: string, publicHosts: ReadonlySet<string>): void {
  rejectWildcards(url);
  const reason = urlNotAllowedReason(url, publicHosts);
  if (reason !== null) throw invalid('url', reason);
}

function schemeOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

/** `_is_internal_ip` for an IPv4 or IPv6 literal (private, loopback, link-local, multicast, reserved, unspecified, CGNAT). */
function isInternalIp(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return isInternalIp(mapped);
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const lower = ip.toLowerCase();
  return (
    lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || /^ff/.test(lower)
  );
}

/** `_validate_url_with_ips`' reason to refuse, or null when PostHog would fetch the URL. */
export function urlNotAllowedReason(url: string, publicHosts: ReadonlySet<string>): string | null {
  if (url.includes('\\') || url.toLowerCase().includes('%5c')) return 'Invalid URL: ambiguous authority';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Invalid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return 'URL must start with http:// or https://';
  const host = parsed.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (host === '') return 'Missing host';
  if (METADATA_HOSTS.has(host)) return 'Local/metadata host';
  if (LOOPBACK_HOSTS.has(host)) return 'Local/Loopback host not allowed';
  const pattern = INTERNAL_DOMAIN_PATTERNS.find((suffix) => host.endsWith(suffix));
  if (pattern) return `Internal domain pattern blocked: ${pattern}`;
  if (isIP(host) !== 0) return isInternalIp(host) ? 'Private IP address not allowed' : null;
  return publicHosts.has(host) ? null : 'Could not resolve host';
}
