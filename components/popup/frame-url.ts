/** Longer addresses are cut in the middle: the host and the end of the path tell frames apart. */
const MAX_SHOWN = 60;

/** A frame's address as the popup shows it: host and path, without scheme, query or fragment, bounded. */
export function shortFrameUrl(url: string): string {
  if (url === '') return '(a frame without a web address)';
  const { host, pathname } = new URL(url);
  const shown = `${host}${pathname === '/' ? '' : pathname}`;
  if (shown.length <= MAX_SHOWN) return shown;
  const half = Math.floor((MAX_SHOWN - 1) / 2);
  return `${shown.slice(0, half)}…${shown.slice(shown.length - half)}`;
}
