import type { SaveState } from '@/components/popup/useSaveJob';
import { ExternalLink } from '@/components/shared/ExternalLink';
import { SaveNotes, SaveStatusRegion } from '@/components/shared/SaveStatusRegion';
import { savedHeatmapLink } from '@/lib/providers/posthog/hosts';
import type { PosthogJob } from '@/lib/providers/posthog/job';
import type { PosthogPublicSettings } from '@/lib/providers/posthog/protocol';
import { SavedScreenshot } from './SavedScreenshot';

type Props = { state: SaveState<PosthogJob>; settings: PosthogPublicSettings | null };

/** The save's progress and, once done, what PostHog has: the heatmap's name, picture and link. */
export function SaveStatus({ state, settings }: Props) {
  return <SaveStatusRegion state={state} done={(job) => <SavedSummary job={job} settings={settings} />} />;
}

/** What was saved: its name, PostHog's notes, its picture and the way to it in PostHog. */
function SavedSummary({ job, settings }: { job: PosthogJob; settings: PosthogPublicSettings | null }) {
  const { result } = job;
  if (!result) {
    return (
      <div class="notice success">
        <p class="title">{job.progress}</p>
      </div>
    );
  }
  return (
    <div class="notice success">
      <p class="title">Saved “{result.name}” in PostHog</p>
      <SaveNotes notes={result.notes} />
      <SavedScreenshot id={result.id} width={result.width} profileId={job.profileId} />
      {settings && settings.projectId !== '' ? (
        <p class="links">
          <ExternalLink href={savedHeatmapLink(settings.apiUrl, settings.projectId, result.shortId)}>
            Open in PostHog
          </ExternalLink>
        </p>
      ) : null}
    </div>
  );
}
