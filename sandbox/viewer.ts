import { DEMO_PAGES } from './demo/config';
import type { SegmentSummary, ViewState } from './intake/rum-index';
import { renderPostHogSection } from './posthog/viewer';
import type { SandboxState } from './state';
import type { SnapshotData } from './store';

/**
 * `GET /`: a self-contained HTML page of what the sandbox holds, refreshed every few seconds.
 * Everything that came from a client is escaped: the index holds whatever pages uploaded.
 */

const REFRESH_SECONDS = 3;

export function renderViewer(state: SandboxState, baseUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<title>Datadog sandbox</title>
<style>${STYLE}</style></head>
<body>
<h1>Datadog sandbox</h1>
<p>API and intake at <code>${esc(baseUrl)}</code>. Refreshes every ${REFRESH_SECONDS} s. State as JSON: <a href="/_admin/state">/_admin/state</a>.</p>
<h2>Demo pages</h2>
<ul>${DEMO_PAGES.map((p) => `<li><a href="${esc(p.path)}">${esc(p.path)}</a>: ${esc(p.title)}</li>`).join('')}</ul>
<h2>RUM data</h2>
${state.applications.length === 0 ? '<p>Nothing ingested yet. Open a demo page.</p>' : ''}
${state.applications.map(renderApplication).join('\n')}
<h2>Saved snapshots (${state.snapshots.length})</h2>
${renderSnapshots(state.snapshots)}
${renderPostHogSection(state.posthog)}
</body></html>`;
}

function renderApplication(app: SandboxState['applications'][number]): string {
  const sessions = app.sessions
    .map(
      (s) =>
        `<h4>Session <code>${esc(s.id)}</code>, ${esc(sdkLabel(s.sdk_versions))}</h4>${table(
          [
            'View id',
            'SDK',
            'Name',
            'URL',
            'First seen',
            'Last seen',
            'Replay',
            'Segments',
            'Segment time range',
          ],
          s.views.map(viewRow),
        )}`,
    )
    .join('\n');
  return `<section><h3>Application <code>${esc(app.id)}</code></h3>${sessions}</section>`;
}

function viewRow(view: ViewState): string[] {
  return [
    `<code>${esc(view.id)}</code>`,
    esc(view.sdk_version ?? '?'),
    esc(view.name ?? ''),
    esc(view.url ?? ''),
    esc(time(view.first_seen)),
    esc(time(view.last_seen)),
    view.has_replay === undefined ? '?' : view.has_replay ? 'yes' : 'no',
    esc(segmentCount(view)),
    esc(segmentRange(view.segments)),
  ];
}

function sdkLabel(versions: string[]): string {
  return versions.length === 0 ? 'SDK version unknown' : `SDK ${versions.join(', ')}`;
}

function segmentCount({ segments, repeated_segment_uploads: repeated }: ViewState): string {
  const pending = segments.filter((s) => s.pending).length;
  const notes = [
    pending > 0 ? `${pending} pending ingestion` : '',
    repeated > 0 ? `${repeated} resent upload${repeated === 1 ? '' : 's'} not indexed again` : '',
  ].filter((note) => note !== '');
  return notes.length > 0 ? `${segments.length} (${notes.join(', ')})` : String(segments.length);
}

function segmentRange(segments: SegmentSummary[]): string {
  if (segments.length === 0) return '';
  const start = Math.min(...segments.map((s) => s.start));
  const end = Math.max(...segments.map((s) => s.end));
  return `${time(start)} → ${time(end)} (${((end - start) / 1000).toFixed(1)} s)`;
}

function renderSnapshots(snapshots: SnapshotData[]): string {
  if (snapshots.length === 0) return '<p>None.</p>';
  return table(
    [
      'Id',
      'Name',
      'View name',
      'Device',
      'Application',
      'Session',
      'View id',
      'Start (ms)',
      'Event id',
      'Modified',
    ],
    snapshots.map(({ id, attributes: a }) =>
      [
        id,
        a.snapshot_name,
        a.view_name,
        a.device_type,
        a.application_id,
        a.session_id ?? '',
        a.view_id ?? '',
        String(a.start),
        a.event_id,
        a.modified_at,
      ].map(esc),
    ),
  );
}

export function table(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function time(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#1d1d28}
code{font-size:12px}table{border-collapse:collapse;margin:6px 0 16px}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;max-width:420px;overflow-wrap:anywhere}
th{background:#eee;white-space:nowrap}section{border-left:4px solid #632ca6;padding-left:12px;margin-bottom:16px}`;
