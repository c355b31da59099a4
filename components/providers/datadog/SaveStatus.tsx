import type { SaveState } from '@/components/popup/useSaveJob';
import { ExternalLink } from '@/components/shared/ExternalLink';
import { SaveNotes, SaveStatusRegion } from '@/components/shared/SaveStatusRegion';
import type { DatadogJob } from '@/lib/providers/datadog/job';
import { shownReplayLink } from '@/lib/providers/datadog/replay-link';
import type { SiteId } from '@/lib/providers/datadog/settings';
import { heatmapsLink } from '@/lib/providers/datadog/sites';

/** A Datadog save's progress and outcome, with links to the replay and to Datadog's heatmaps. */
export function SaveStatus({ state, site }: { state: SaveState<DatadogJob>; site: SiteId | null }) {
  return <SaveStatusRegion state={state} done={(job) => <SavedSummary job={job} site={site} />} />;
}

function SavedSummary({ job, site }: { job: DatadogJob; site: SiteId | null }) {
  const { result, context, progress } = job;
  const replayLink = shownReplayLink(context);
  return (
    <div class="notice success">
      {result ? (
        <>
          <p class="title">Saved “{result.snapshotName}”</p>
          <p class="detail">
            Snapshot id: <code class="id-full">{result.snapshotId}</code>
          </p>
          <SaveNotes notes={result.notes} />
        </>
      ) : (
        <p class="title">{progress}</p>
      )}
      <p class="links">
        {replayLink ? <ExternalLink href={replayLink}>Open replay</ExternalLink> : null}
        {site ? <ExternalLink href={heatmapsLink(site)}>Open heatmaps in Datadog</ExternalLink> : null}
      </p>
    </div>
  );
}
