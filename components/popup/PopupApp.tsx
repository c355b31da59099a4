import { browser } from 'wxt/browser';
import { PROVIDER_PANELS } from '@/components/providers/panels';
import type { ProviderPanelProps } from '@/components/providers/types';
import type { AsyncState } from '@/components/shared/useAsync';
import type { Detection } from '@/lib/messages/protocol';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '@/lib/providers/registry';
import { DetectionMessage, type PendingDetection } from './DetectionMessage';
import { FrameOffers, FrameSource } from './FrameOffers';
import { RecentSaves } from './RecentSaves';
import { openSettings } from './target-tab';
import { UnfinishedSaves } from './UnfinishedSaves';
import { useDetection } from './useDetection';

type Read = Extract<Detection, { status: 'read' }>;

/** Providers whose SDK is on the page (in any state worth explaining). */
function presentProviders(read: Read): ProviderId[] {
  return PROVIDER_IDS.filter((id) => read.providers[id].status !== 'absent');
}

/** What to explain while no provider panel can show: the answer, the request's failure, or that we look. */
function pendingOf(state: AsyncState<Detection>, waitingForSdk: boolean): PendingDetection {
  if (state.status === 'error') return { status: 'failed', problem: state.message };
  if (state.status !== 'ok') return { status: waitingForSdk ? 'waiting-for-sdk' : 'loading' };
  if (state.value.status === 'unavailable') return state.value;
  return { status: 'none-found' };
}

/**
 * The popup. It renders its frame and a skeleton at once, asks the background to look at the
 * tab, and shows one section per provider found there, each filled in by that provider's panel,
 * then the frames that run an SDK the top frame lacks, each read only when the person asks.
 */
export function PopupApp() {
  const detection = useDetection();
  const { state } = detection;
  const read = state.status === 'ok' && state.value.status === 'read' ? state.value : null;
  const present = read ? presentProviders(read) : [];
  const frames = read ? read.frames : [];

  return (
    <main class="popup">
      <h1>Heatmap snapshot</h1>
      <UnfinishedSaves />
      {read && read.frameId !== null ? <FrameSource url={read.page.url} /> : null}
      {read
        ? present.map((id) => (
            <ProviderSection
              key={id}
              id={id}
              props={{
                detection: read.providers[id],
                page: read.page,
                tabId: detection.tabId,
                frameId: read.frameId ?? undefined,
                onDetection: (value) => detection.replace(id, value),
                onRetry: detection.retry,
              }}
            />
          ))
        : null}
      {frames.length > 0 ? <FrameOffers frames={frames} onRead={detection.readFrame} /> : null}
      {present.length === 0 && frames.length === 0 ? (
        <DetectionMessage detection={pendingOf(state, detection.waitingForSdk)} onRetry={detection.retry} />
      ) : null}
      <RecentSaves />
      <footer>
        <a
          href={browser.runtime.getURL('/options.html')}
          onClick={(event) => {
            // A real link for keyboard and middle click; a plain click reuses an open settings tab.
            event.preventDefault();
            openSettings();
          }}
        >
          Settings
        </a>
      </footer>
    </main>
  );
}

/** One provider's part of the popup, headed by its name (tests and people find it by that name). */
function ProviderSection<P extends ProviderId>({ id, props }: { id: P; props: ProviderPanelProps<P> }) {
  const { Panel } = PROVIDER_PANELS[id];
  const headingId = `provider-${id}`;
  return (
    <section class="provider" aria-labelledby={headingId}>
      <h2 id={headingId} class="provider-name">
        {PROVIDERS[id].label}
      </h2>
      <Panel {...props} />
    </section>
  );
}
