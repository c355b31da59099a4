import { esc, table } from '../viewer';
import type { PostHogState } from './state';

/**
 * The PostHog part of the viewer (`GET /`): saved heatmaps with their images, status and widths,
 * and what posthog-js sent. Everything that came from a client is escaped.
 */

export function renderPostHogSection(state: PostHogState): string {
  const project = state.projects[0];
  const live = state.saved_heatmaps.filter((h) => !h.deleted);
  return `<h2>PostHog</h2>
<p>Project ${esc(String(project?.id ?? ''))}, token <code>${esc(project?.api_token ?? '')}</code>; posthog-js
<code>api_host</code>: <code>&lt;this origin&gt;/ph</code>; rendering time ${state.render_ms} ms.</p>
<h3>Saved heatmaps (${live.length}, ${state.saved_heatmaps.length - live.length} deleted)</h3>
${live.length === 0 ? '<p>None.</p>' : table(['Short id', 'Name', 'URL', 'Type', 'Status', 'Widths', 'Images'], live.map(heatmapRow))}
<h3>Ingestion</h3>
${state.ingestion.length === 0 ? '<p>Nothing from posthog-js yet. Open a PostHog demo page.</p>' : table(['Token', 'Events', 'By name', 'Distinct ids', 'Sessions (events / snapshots / rrweb records)', 'Config / flags / recording requests'], state.ingestion.map(ingestRow))}`;
}

function heatmapRow(h: PostHogState['saved_heatmaps'][number]): string[] {
  const images = h.images
    .map(
      (i) =>
        `<figure><img src="/_admin/posthog/images/${esc(h.id)}?width=${i.width}" width="160" alt="${esc(`${i.width} px`)}" loading="lazy"><figcaption>${i.width}×${i.height}, ${i.bytes} B, ${esc(i.source)}</figcaption></figure>`,
    )
    .join('');
  return [
    `<code>${esc(h.short_id)}</code>`,
    esc(h.name ?? ''),
    esc(h.url),
    esc(h.type),
    esc(h.status) + (h.exception ? `: ${esc(h.exception)}` : ''),
    esc(h.target_widths.join(', ')),
    images,
  ];
}

function ingestRow(t: PostHogState['ingestion'][number]): string[] {
  const byName = Object.entries(t.events_by_name)
    .map(([name, n]) => `${esc(name)}: ${n}`)
    .join('<br>');
  const sessions = t.sessions
    .map((s) => `<code>${esc(s.id)}</code> ${s.event_count} / ${s.snapshot_events} / ${s.snapshot_records}`)
    .join('<br>');
  return [
    `<code>${esc(t.token)}</code>`,
    String(t.event_count),
    byName,
    String(t.distinct_ids.length),
    sessions,
    `${t.config_requests} / ${t.flags_requests} / ${t.recording_requests}`,
  ];
}
