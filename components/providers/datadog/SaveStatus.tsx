import type { SaveState } from '@/components/popup/useSaveJob';
import { ExternalLink } from '@/components/shared/ExternalLink';
import type { SiteId } from '@/lib/providers/datadog/settings';
import { heatmapsLink } from '@/lib/providers/datadog/sites';

/**
 * The save's progress and outcome. The `status` region is rendered from the start (empty while
 * idle) because screen readers only announce changes to live regions that already exist.
 * A failure goes to a separate `alert`, as it needs attention now.
 */
export function SaveStatus({ state, site }: { state: SaveState; site: SiteId | null }) {
  return (
    <>
      <div class="save-status" role="status">
        {state.phase === 'saving' ? (
          <>
            <p class="progress">{state.progress}</p>
            <p class="hint">You can close this popup: the save finishes in the background.</p>
          </>
        ) : null}
        {state.phase === 'done' ? <SavedSummary state={state} site={site} /> : null}
      </div>
      {state.phase === 'failed' ? (
        <p class="notice problem" role="alert">
          {state.error}
        </p>
      ) : null}
    </>
  );
}

function SavedSummary({
  state,
  site,
}: {
  state: Extract<SaveState, { phase: 'done' }>;
  site: SiteId | null;
}) {
  const { result, context, progress } = state.job;
  return (
    <div class="notice success">
      {result ? (
        <>
          <p class="title">Saved “{result.snapshotName}”</p>
          <p class="detail">
            Snapshot id: <code class="id-full">{result.snapshotId}</code>
          </p>
          {result.notes.length > 0 ? (
            <ul class="notes">
              {result.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p class="title">{progress}</p>
      )}
      <p class="links">
        {context.replayLink ? <ExternalLink href={context.replayLink}>Open replay</ExternalLink> : null}
        {site ? <ExternalLink href={heatmapsLink(site)}>Open heatmaps in Datadog</ExternalLink> : null}
      </p>
    </div>
  );
}
