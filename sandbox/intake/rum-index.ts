import { type SegmentMetaInput, type ViewEvent, ViewportRecordSchema } from './segment-schemas';

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
  /** The SDK version that last uploaded for this view (the forwarded `dd-evp-origin-version`). */
  sdk_version?: string;
  segments: StoredSegment[];
  /** Uploads of a segment already held (same `index_in_view`): acknowledged, not indexed again. */
  repeated_segment_uploads: number;
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
/** The viewport the replay records from `at` on (epoch ms), until the next change. */
export interface ViewportChange {
  at: number;
  width: number;
  height: number;
}
export type ViewState = Omit<ViewEntry, 'segments'> & {
  segments: SegmentSummary[];
  /** The view's viewport timeline from its replay records, in time order. */
  viewports: ViewportChange[];
};
export interface SessionState {
  id: string;
  /** Every SDK version that uploaded for the session's views, sorted. */
  sdk_versions: string[];
  views: ViewState[];
}

export interface SegmentUpload {
  sdkVersion: string | undefined;
  /** Epoch ms when the intake accepted it. */
  now: number;
  /** How long the segments API keeps it hidden (emulated ingestion delay). */
  delayMs: number;
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

  applyViewEvent(event: ViewEvent, sdkVersion: string | undefined): void {
    const view = this.viewEntry(event.application.id, event.session.id, event.view.id);
    widenSeenRange(view, event.date);
    if (sdkVersion !== undefined) view.sdk_version = sdkVersion;
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

  addSegment(meta: SegmentMetaInput, records: unknown[], upload: SegmentUpload): void {
    // The replay upload may arrive before the RUM view event: create the view entry on demand.
    const view = this.viewEntry(meta.application.id, meta.session.id, meta.view.id);
    if (upload.sdkVersion !== undefined) view.sdk_version = upload.sdkVersion;
    // A segment is one place in its view's replay (`index_in_view`, datadog-api.md), so a second
    // upload for a place already held is the same segment sent again: from v5 the SDK resends a
    // segment by XHR when its keepalive fetch fails as the page unloads, though the fetch had
    // arrived (seen with 5.35.1: same bytes, two request ids). Indexing both would play its records
    // twice; the first copy is kept and the resend counted.
    if (view.segments.some((held) => held.meta.index_in_view === meta.index_in_view)) {
      view.repeated_segment_uploads += 1;
      return;
    }
    view.segments.push({
      meta: pickSegmentMeta(meta),
      records,
      received_at: upload.now,
      visible_at: upload.now + upload.delayMs,
    });
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
        sdk_versions: sdkVersions(session),
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
    return getOrCreate(session.views, viewId, () => ({
      id: viewId,
      document_version: -1,
      segments: [],
      repeated_segment_uploads: 0,
    }));
  }
}

function sdkVersions(session: SessionEntry): string[] {
  const versions = [...session.views.values()].map((view) => view.sdk_version);
  return [...new Set(versions.filter((version) => version !== undefined))].sort();
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

/** Every viewport size the view's records give, in time order (segments may arrive out of order). */
function viewportTimeline(segments: StoredSegment[]): ViewportChange[] {
  const changes = segments.flatMap(({ records }) =>
    records.flatMap((record) => {
      const parsed = ViewportRecordSchema.safeParse(record);
      if (!parsed.success) return [];
      const { timestamp, data } = parsed.data;
      return [{ at: timestamp, width: data.width, height: data.height }];
    }),
  );
  return changes.sort((a, b) => a.at - b.at);
}

/** The viewport recorded at `at` in a view's timeline: the last change at or before it; undefined before the first. */
export function recordedViewportAt(viewports: ViewportChange[], at: number): ViewportChange | undefined {
  return viewports.findLast((change) => change.at <= at);
}

function viewState(view: ViewEntry, now: number): ViewState {
  const { segments, ...rest } = view;
  return {
    ...rest,
    viewports: viewportTimeline(segments),
    segments: segments.map((s) => ({
      ...s.meta,
      received_at: s.received_at,
      visible_at: s.visible_at,
      pending: s.visible_at > now,
    })),
  };
}
