import {
  MAX_INGEST_DISTINCT_IDS,
  MAX_INGEST_EVENT_NAMES,
  MAX_INGEST_SESSIONS,
  MAX_INGEST_TOKENS,
} from './defaults';
import type { CapturedEvent } from './ingest-schemas';

/**
 * What posthog-js sent, per project token: event counts by name, distinct ids, and per session the
 * events and recording snapshots (`$snapshot` events and the rrweb records inside them). Bounded:
 * beyond the caps new tokens, sessions, ids and event names are counted under `dropped`.
 */

export interface IngestSessionState {
  id: string;
  event_count: number;
  snapshot_events: number;
  snapshot_records: number;
  first_seen: number;
  last_seen: number;
  urls: string[];
}

export interface IngestTokenState {
  token: string;
  event_count: number;
  events_by_name: Record<string, number>;
  distinct_ids: string[];
  sessions: IngestSessionState[];
  config_requests: number;
  flags_requests: number;
  recording_requests: number;
  dropped: number;
}

const MAX_URLS_PER_SESSION = 20;

export class IngestIndex {
  private readonly tokens = new Map<string, IngestTokenState>();

  constructor(private readonly now: () => number) {}

  countRequest(token: string, kind: 'config_requests' | 'flags_requests' | 'recording_requests'): void {
    const entry = this.entry(token);
    if (entry) entry[kind] += 1;
  }

  addEvents(events: CapturedEvent[], fallbackToken: string | undefined): void {
    for (const event of events) this.addEvent(event, fallbackToken);
  }

  state(): IngestTokenState[] {
    return structuredClone([...this.tokens.values()]);
  }

  clear(): void {
    this.tokens.clear();
  }

  private addEvent(event: CapturedEvent, fallbackToken: string | undefined): void {
    const props = event.properties ?? {};
    const entry = this.entry(props.token ?? event.token ?? fallbackToken ?? 'unknown');
    if (!entry) return;
    entry.event_count += 1;
    if (
      Object.hasOwn(entry.events_by_name, event.event) ||
      Object.keys(entry.events_by_name).length < MAX_INGEST_EVENT_NAMES
    ) {
      entry.events_by_name[event.event] = (entry.events_by_name[event.event] ?? 0) + 1;
    } else entry.dropped += 1;
    const distinctId = props.distinct_id ?? event.distinct_id;
    if (distinctId !== undefined && !entry.distinct_ids.includes(distinctId)) {
      if (entry.distinct_ids.length < MAX_INGEST_DISTINCT_IDS) entry.distinct_ids.push(distinctId);
      else entry.dropped += 1;
    }
    if (props.$session_id !== undefined) this.addToSession(entry, props.$session_id, event);
  }

  private addToSession(entry: IngestTokenState, id: string, event: CapturedEvent): void {
    let session = entry.sessions.find((s) => s.id === id);
    const now = this.now();
    if (!session) {
      if (entry.sessions.length >= MAX_INGEST_SESSIONS) {
        entry.dropped += 1;
        return;
      }
      session = {
        id,
        event_count: 0,
        snapshot_events: 0,
        snapshot_records: 0,
        first_seen: now,
        last_seen: now,
        urls: [],
      };
      entry.sessions.push(session);
    }
    session.last_seen = now;
    session.event_count += 1;
    const props = event.properties ?? {};
    if (event.event === '$snapshot') {
      session.snapshot_events += 1;
      session.snapshot_records += props.$snapshot_data?.length ?? 0;
    }
    const url = props.$current_url;
    if (url !== undefined && !session.urls.includes(url) && session.urls.length < MAX_URLS_PER_SESSION) {
      session.urls.push(url);
    }
  }

  private entry(token: string): IngestTokenState | undefined {
    let entry = this.tokens.get(token);
    if (!entry && this.tokens.size < MAX_INGEST_TOKENS) {
      entry = {
        token,
        event_count: 0,
        // Names come from pages: no prototype, so `__proto__` or `constructor` are just names.
        events_by_name: Object.create(null) as Record<string, number>,
        distinct_ids: [],
        sessions: [],
        config_requests: 0,
        flags_requests: 0,
        recording_requests: 0,
        dropped: 0,
      };
      this.tokens.set(token, entry);
    }
    return entry;
  }
}
