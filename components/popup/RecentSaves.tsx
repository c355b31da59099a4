import { useState } from 'preact/hooks';
import { CollapsibleList } from '@/components/shared/CollapsibleList';
import { ExternalLink } from '@/components/shared/ExternalLink';
import { SavedItem } from '@/components/shared/SavedItem';
import { useAction } from '@/components/shared/useAction';
import type { RecentSave } from '@/lib/jobs/recent';
import { request } from '@/lib/messages/client';
import { PROVIDERS } from '@/lib/providers/registry';
import { formatLocalDateTime } from '@/lib/shared/local-date-time';

/** The last saves made from this browser, any provider, with links; kept locally until cleared. */
export function RecentSaves() {
  // Bumped by Clear, so the open list loads again (empty).
  const [clears, setClears] = useState(0);
  const clear = useAction();
  return (
    <section class="recent" aria-label="Recent saves">
      <CollapsibleList<RecentSave>
        summary="Recent saves"
        load={() => request('recent-saves', {})}
        reloadKey={String(clears)}
        loadingText="Loading recent saves…"
        emptyText="No saves from this browser yet."
        renderItem={(save) => <RecentSaveItem key={save.jobId} save={save} />}
        actions={
          <button
            type="button"
            disabled={clear.pending}
            onClick={() =>
              void clear.run(async () => {
                await request('clear-recent-saves', {});
                setClears((count) => count + 1);
              })
            }
          >
            Clear
          </button>
        }
      />
      {clear.error ? (
        <p class="problem" role="alert">
          {clear.error}
        </p>
      ) : null}
    </section>
  );
}

function RecentSaveItem({ save }: { save: RecentSave }) {
  const provider = PROVIDERS[save.provider].label;
  return (
    <SavedItem name={save.label} meta={`${provider} · ${formatLocalDateTime(save.savedAt)}`} error={null}>
      {save.link ? <ExternalLink href={save.link}>Open in {provider}</ExternalLink> : null}
    </SavedItem>
  );
}
