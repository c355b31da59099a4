import type { SegmentMetaInput, ViewEvent } from './segment-schemas';

/**
 * In-memory index of what the SDK uploaded: application → session → view → segments.
 * Not persisted: a restart is a fresh "Datadog" for RUM data (only snapshots persist).
 */

export interface SegmentMeta {
  start: number;
  end: number;
  index_in_view: number;
  has_full_snapshot: boolean;
  records_count: number;
  creation_reason: string;
  source: string;
  raw_segment_size: number;
  application: { id: string };
  session: { id: string };
  view: { id: string };
}

export interface StoredSegment {
  meta: SegmentMeta;
  records: unknown[];
  /** Epoch ms when the intake accepted it. */
  received_at: number;
  /** Epoch ms from which the segments API returns it (emulates ingestion delay). */
  visible_at: number;
}

export interface ViewEntry {
  id: string;
  name?: string;
  url?: string;
  first_seen?: number;
  last_seen?: number;
  has_replay?: boolean;
  viewport?: { width: number; height: number };
  /** Highest `_dd.document_version` applied so far; older events only widen the seen range. */
  document_version: number;
  segments: StoredSegment[];
}

interface SessionEntry {
  id: string;
  views: Map<string, ViewEntry>;
}
interface ApplicationEntry {
  id: string;
  sessions: Map<string, SessionEntry>;
}

export interface SegmentSummary extends SegmentMeta {
  received_at: number;
  visible_at: number;
  pending: boolean;
}
export type ViewState = Omit<ViewEntry, 'segments'> & { segments: SegmentSummary[] };
export interface SessionState {
  id: string;
  views: ViewState[];
}
export interface ApplicationState {
  id: string;
  sessions: SessionState[];
}

export class RumIndex {
  private readonly applications = new Map<string, ApplicationEntry>();

  clear(): void {
    this.applications.clear();
  }

  applyViewEvent(event: ViewEvent): void {
    const view = this.viewEntry(event.application.id, event.session.id, event.view.id);
    widenSeenRange(view, event.date);
    const version = event._dd?.document_version ?? 0;
    if (version < view.document_version) return;
    view.document_version = version;
    // A `view` event is complete; a `view_update` is a diff. Either way, only present fields overwrite.
    if (event.view.url !== undefined) view.url = event.view.url;
    if (event.view.name !== undefined) view.name = event.view.name;
    // The SDK omits has_replay unless the view has replay stats, so a complete `view` event without
    // it means "no replay"; in a `view_update` diff, absence means "unchanged".
    const hasReplay = event.session.has_replay ?? (event.type === 'view' ? false : undefined);
    if (hasReplay !== undefined) view.has_replay = hasReplay;
    const viewport = event.display?.viewport;
    if (viewport) view.viewport = { width: viewport.width, height: viewport.height };
  }

  addSegment(meta: SegmentMetaInput, records: unknown[], now: number, delayMs: number): void {
    // The replay upload may arrive before the RUM view event: create the view entry on demand.
    const view = this.viewEntry(meta.application.id, meta.session.id, meta.view.id);
    view.segments.push({ meta: pickSegmentMeta(meta), records, received_at: now, visible_at: now + delayMs });
  }

  findView(sessionId: string, viewId: string): ViewEntry | undefined {
    for (const app of this.applications.values()) {
      const view = app.sessions.get(sessionId)?.views.get(viewId);
      if (view) return view;
    }
    return undefined;
  }

  state(now: number): ApplicationState[] {
    return [...this.applications.values()].map((app) => ({
      id: app.id,
      sessions: [...app.sessions.values()].map((session) => ({
        id: session.id,
        views: [...session.views.values()].map((view) => viewState(view, now)),
      })),
    }));
  }

  private viewEntry(applicationId: string, sessionId: string, viewId: string): ViewEntry {
    const app = getOrCreate(this.applications, applicationId, () => ({
      id: applicationId,
      sessions: new Map(),
    }));
    const session = getOrCreate(app.sessions, sessionId, () => ({ id: sessionId, views: new Map() }));
    return getOrCreate(session.views, viewId, () => ({ id: viewId, document_version: -1, segments: [] }));
  }
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function widenSeenRange(view: ViewEntry, date: number): void {
  view.first_seen = Math.min(view.first_seen ?? date, date);
  view.last_seen = Math.max(view.last_seen ?? date, date);
}

/** Keeps only the documented metadata fields, so stored segments have one known shape. */
function pickSegmentMeta(meta: SegmentMetaInput): SegmentMeta {
  return {
    start: meta.start,
    end: meta.end,
    index_in_view: meta.index_in_view,
    has_full_snapshot: meta.has_full_snapshot,
    records_count: meta.records_count,
    creation_reason: meta.creation_reason,
    source: meta.source,
    raw_segment_size: meta.raw_segment_size,
    application: { id: meta.application.id },
    session: { id: meta.session.id },
    view: { id: meta.view.id },
  };
}

function viewState(view: ViewEntry, now: number): ViewState {
  const { segments, ...rest } = view;
  return {
    ...rest,
    segments: segments.map((s) => ({
      ...s.meta,
      received_at: s.received_at,
      visible_at: s.visible_at,
      pending: s.visible_at > now,
    })),
  };
}
