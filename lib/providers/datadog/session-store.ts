import { z } from 'zod/mini';
import { listSchema, MAX_PROBE_STRING } from '@/lib/probe/raw-schemas';
import { UUID_PATTERN } from '@/lib/shared/uuid';

/**
 * The RUM SDK's session store: `k=v&k=v` in the `_dd_s_v2` cookie or localStorage key (v7), or
 * the legacy `_dd_s` (v6 and earlier, which v7 migrates from). Entries follow the SDK's own
 * grammar (`/^([a-zA-Z]+)=([a-z0-9-]+)$/`); others are ignored, as the SDK does.
 */
export interface SessionStore {
  /** Session UUID; absent in the "expired" state, which only holds `isExpired=1`. */
  id: string | null;
  /** Epoch ms when the session started. */
  created: number | null;
  expire: number | null;
  /** `forcedReplay=1`: recording forced with `startSessionReplayRecording({force: true})`. */
  forcedReplay: boolean;
  isExpired: boolean;
  /** Legacy plan: `0` not tracked, `1` tracked with replay, `2` tracked without replay. */
  legacyRum: '0' | '1' | '2' | null;
}

const ENTRY = /^([a-zA-Z]+)=([a-z0-9-]+)$/;
const MAX_STORE_LENGTH = 5000;

/** One bad entry must not hide the others, so every field falls back to "absent". */
const epochMs = z.catch(
  z.optional(
    z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,15}$/)), z.transform(Number)), z.int().check(z.positive())),
  ),
  undefined,
);
const flag = z.catch(
  z.pipe(
    z.optional(z.string()),
    z.transform((value) => value === '1'),
  ),
  false,
);

const StoreEntriesSchema = z.object({
  id: z.catch(z.optional(z.string().check(z.regex(UUID_PATTERN))), undefined),
  created: epochMs,
  expire: epochMs,
  forcedReplay: flag,
  isExpired: flag,
  rum: z.catch(z.optional(z.enum(['0', '1', '2'])), undefined),
});

function splitEntries(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of text.split('&')) {
    const match = ENTRY.exec(entry.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) entries[match[1]] = match[2];
  }
  return entries;
}

/** Parses one store string; null when it holds no recognisable entry. */
export function parseSessionStore(text: string): SessionStore | null {
  if (text.length === 0 || text.length > MAX_STORE_LENGTH) return null;
  const entries = splitEntries(text);
  if (Object.keys(entries).length === 0) return null;
  const parsed = StoreEntriesSchema.parse(entries);
  return {
    id: parsed.id ?? null,
    created: parsed.created ?? null,
    expire: parsed.expire ?? null,
    forcedReplay: parsed.forcedReplay,
    isExpired: parsed.isExpired,
    legacyRum: parsed.rum ?? null,
  };
}

const StoreStringSchema = z.string().check(z.maxLength(MAX_PROBE_STRING));

/** The store strings the page probe copies (cookies and localStorage); a bad part reads as none. */
export const SessionStoreSourcesSchema = z.catch(
  z.object({
    cookieV2: z.catch(listSchema(z.array(StoreStringSchema).check(z.maxLength(20))), []),
    cookieLegacy: z.catch(listSchema(z.array(StoreStringSchema).check(z.maxLength(20))), []),
    localStorageV2: z.catch(z.nullable(StoreStringSchema), null),
    localStorageLegacy: z.catch(z.nullable(StoreStringSchema), null),
  }),
  { cookieV2: [], cookieLegacy: [], localStorageV2: null, localStorageLegacy: null },
);
export type SessionStoreSources = z.infer<typeof SessionStoreSourcesSchema>;

/**
 * Store strings in the order the SDK would consult them: the configured medium first, v2 before
 * legacy, and among same-named cookies the last one first (the SDK reads them in reverse).
 * `memory` persistence stores nothing, so nothing on the page can describe the session.
 */
function candidateStrings(sources: SessionStoreSources, persistence: unknown): string[] {
  if (persistence === 'memory') return [];
  const cookies = [...[...sources.cookieV2].reverse(), ...[...sources.cookieLegacy].reverse()];
  const local = [sources.localStorageV2, sources.localStorageLegacy].filter((value) => value !== null);
  return persistence === 'local-storage' ? [...local, ...cookies] : [...cookies, ...local];
}

/** Every recognisable store on the page, in the order the SDK would consult them. */
export function sessionStores(sources: SessionStoreSources, persistence: unknown): SessionStore[] {
  return candidateStrings(sources, persistence)
    .map(parseSessionStore)
    .filter((store) => store !== null);
}

/**
 * The store entry describing `sessionId`: the one holding that id, else an id-less entry (the
 * SDK's expired state, which says `isExpired=1`). A store naming another session is ignored: its
 * `created` would place the snapshot in the wrong session.
 */
export function selectSessionStore(
  sources: SessionStoreSources,
  options: { persistence: unknown; sessionId: string },
): SessionStore | null {
  const stores = sessionStores(sources, options.persistence);
  return (
    stores.find((store) => store.id === options.sessionId.toLowerCase()) ??
    stores.find((store) => store.id === null) ??
    null
  );
}
