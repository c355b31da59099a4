import { ConfirmDeleteButton } from '@/components/shared/ConfirmDeleteButton';
import { ExternalLink } from '@/components/shared/ExternalLink';
import { formatApiDate } from '@/components/shared/format';
import { SavedItem } from '@/components/shared/SavedItem';
import { useAction } from '@/components/shared/useAction';
import { request } from '@/lib/messages/client';
import { CAPTURED_SOURCE, type HeatmapStatus, type SavedHeatmap } from '@/lib/providers/posthog/schemas';
import type { HeatmapProfile } from './HeatmapList';

const STATUS_TEXT: Record<HeatmapStatus, string> = {
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
};
/** PostHog's failure text can be a long stack; the list shows its start. */
const MAX_EXCEPTION = 300;

type Props = {
  heatmap: SavedHeatmap;
  profile: HeatmapProfile;
  /** The heatmap's page in PostHog, when the project is known. */
  link: string | null;
  /** Called with a sentence for the list's live region once the heatmap changed. */
  onChanged: (message: string) => void;
};

/** One saved heatmap with what can be done to it from here. */
export function HeatmapItem({ heatmap, profile, link, onChanged }: Props) {
  const name = heatmap.name || heatmap.short_id;
  const widths = heatmap.target_widths?.length ? `${heatmap.target_widths.join(', ')} px` : 'no widths';
  const action = useAction();

  const regenerate = () =>
    action.run(async () => {
      await request('posthog:regenerate-heatmap', { shortId: heatmap.short_id, ...profile });
      onChanged(`PostHog is rendering “${name}” again.`);
    });

  const remove = () =>
    action.run(async () => {
      await request('posthog:delete-heatmap', { shortId: heatmap.short_id, ...profile });
      onChanged(`Deleted “${name}”.`);
    });

  return (
    <SavedItem
      name={name}
      meta={`${widths} · ${STATUS_TEXT[heatmap.status]} · ${formatApiDate(heatmap.created_at ?? undefined)}`}
      detail={
        heatmap.status === 'failed' && heatmap.exception ? (
          <p class="meta problem">{heatmap.exception.slice(0, MAX_EXCEPTION)}</p>
        ) : null
      }
      error={action.error}
    >
      {link ? <ExternalLink href={link}>Open</ExternalLink> : null}
      {/* PostHog cannot render a captured heatmap again (client.ts regenerateSavedHeatmap). */}
      {heatmap.source === CAPTURED_SOURCE ? null : (
        <button type="button" disabled={action.pending} onClick={() => void regenerate()}>
          Regenerate
        </button>
      )}
      <ConfirmDeleteButton pending={action.pending} onDelete={() => void remove()} />
    </SavedItem>
  );
}
