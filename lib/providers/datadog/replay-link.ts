import { SITES } from './settings';

/** Datadog's web app origins, one per site: the only places an "Open replay" link may lead. */
const APP_ORIGINS: readonly string[] = SITES.map((site) => `https://${site.app}`);
const MAX_LINK = 4096;
const EPOCH_MS = /^\d{1,15}$/;

/**
 * The "Open replay" link, built by us: `DD_RUM.getSessionReplayLink()` is page text, so only its
 * origin (when it is one of Datadog's app origins) and a numeric `from` are taken from it; the
 * path and the ids come from the validated context. Null for any other link. Also applied when a
 * stored context is shown, so a link saved by an older version is checked again.
 */
export function replayLinkFor(pageLink: unknown, ids: { sessionId: string; viewId: string }): string | null {
  if (typeof pageLink !== 'string' || pageLink.length > MAX_LINK) return null;
  let url: URL;
  try {
    url = new URL(pageLink);
  } catch {
    return null;
  }
  if (!APP_ORIGINS.includes(url.origin)) return null;
  const query = new URLSearchParams({ seed: ids.viewId });
  const from = url.searchParams.get('from');
  if (from !== null && EPOCH_MS.test(from)) query.set('from', from);
  return `${url.origin}/rum/replay/sessions/${encodeURIComponent(ids.sessionId)}?${query}`;
}

/** The link a popup may show for a (possibly stored) context. */
export function shownReplayLink(context: { replayLink: string | null; sessionId: string; viewId: string }) {
  return replayLinkFor(context.replayLink, context);
}
