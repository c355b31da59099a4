/**
 * The one normalisation of an API base URL typed by a person or stored: trimmed, without
 * trailing slashes, so `https://host/` and `https://host` are the same place for keys and permissions.
 */
export function normaliseApiUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
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
