import { z } from 'zod/mini';

/**
 * The one rule for API base URLs, typed by a person or stored: keys are sent there, so the
 * address must be plain. Normalised (trimmed, without trailing slashes, so `https://host/` and
 * `https://host` are the same place for keys and permissions), bounded, without credentials,
 * query or fragment (they would be shown back in messages, or silently dropped), and `https:`,
 * or `http:` only for this computer (the local sandbox), where nothing crosses a network.
 */
export const MAX_API_URL = 300;

/** Hostnames as `URL.hostname` writes them for this computer. */
const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function normaliseApiUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export type ApiUrlCheck = { ok: true; url: URL } | { ok: false; problem: string };

/** `text` (already normalised) checked against the rule; `label` names the field in the sentence. */
export function checkApiUrl(text: string, label: string): ApiUrlCheck {
  const refuse = (problem: string): ApiUrlCheck => ({ ok: false, problem: `${label} ${problem}` });
  if (text.length > MAX_API_URL) return refuse(`is over ${MAX_API_URL} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('must be a full address, like https://api.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('must start with https://');
  if (url.username !== '' || url.password !== '') return refuse('must not contain a user name or password');
  // Checked on the text: `https://host/?` parses with an empty search, but is still not plain.
  if (text.includes('?')) return refuse('must not contain a query (the part from “?”)');
  if (text.includes('#')) return refuse('must not contain a fragment (the part from “#”)');
  if (url.protocol === 'http:' && !LOOPBACK_HOSTNAMES.includes(url.hostname)) {
    return refuse('must start with https:// (http:// only for localhost, 127.0.0.1 or [::1])');
  }
  return { ok: true, url };
}

/**
 * The rule as a schema: normalises, then refuses with the rule's sentence. `optional` lets the
 * empty string through (for "use the provider's own host").
 */
export function apiUrlSchema(label: string, { optional = false } = {}) {
  return z.pipe(z.string(), z.transform(normaliseApiUrl)).check(
    z.superRefine((url, context) => {
      if (optional && url === '') return;
      const checked = checkApiUrl(url, label);
      if (!checked.ok) context.addIssue({ code: 'custom', message: checked.problem });
    }),
  );
}

/**
 * The host permission pattern for `url`'s host, every port: match patterns cannot carry a port
 * in Firefox. The one pattern both the options page's request and the background's check use.
 */
export function hostPermissionPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * True only for `https://<host>` exactly (no port, no credentials) with a host in `hosts`: the one
 * "is this the provider's own API host" check; providers pass their own host list.
 */
export function isOwnApiHost(url: string, hosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  return hosts.includes(parsed.host);
}
