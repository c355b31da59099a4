import { useEffect, useState } from 'preact/hooks';
import { useSaveJob } from '@/components/popup/useSaveJob';
import { layoutPermitted } from '@/components/shared/device-layout-permission';
import { messageOf } from '@/lib/errors';
import { request } from '@/lib/messages/client';
import { DEVICE_LABELS } from '@/lib/page/device-layouts';
import type { PageTarget } from '@/lib/page/target';
import type { PageContext } from '@/lib/providers/datadog/context';
import type { DatadogJob } from '@/lib/providers/datadog/job';
import type { SiteId } from '@/lib/providers/datadog/settings';
import { sleep } from '@/lib/time';
import { SaveStatus } from './SaveStatus';

const PROGRESS_POLL_MS = 300;

type State =
  | { phase: 'idle' }
  | { phase: 'laying-out'; sentence: string }
  | { phase: 'started'; jobs: DatadogJob[] }
  | { phase: 'failed'; error: string };

type Props = {
  context: PageContext;
  target: () => Promise<PageTarget>;
  canSave: boolean;
  site: SiteId | null;
  /** The profile chosen in the popup for this page; undefined: the one bound to it, else the default. */
  profileId: string | undefined;
};

/**
 * "Save for all devices": the background lays the page out at each device's width and starts one
 * save per device; the popup says what it is doing meanwhile, then follows the three saves.
 */
export function AllDevices({ context, target, canSave, site, profileId }: Props) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const busy = state.phase === 'laying-out';

  const start = async () => {
    try {
      if (!(await layoutPermitted())) {
        return setState({
          phase: 'failed',
          error: 'Saving for all devices needs the permission to lay the page out at other widths.',
        });
      }
      const { tabId, frameId } = await target();
      setState({ phase: 'laying-out', sentence: 'Getting the page ready…' });
      let running = true;
      const followProgress = async () => {
        while (running) {
          const { sentence } = await request('datadog:all-devices-progress', { tabId });
          if (running && sentence !== null) setState({ phase: 'laying-out', sentence });
          await sleep(PROGRESS_POLL_MS);
        }
      };
      void followProgress();
      try {
        const jobs = await request('datadog:save-all-devices', {
          target: frameId === undefined ? { tabId } : { tabId, frameId },
          viewportHeight: context.viewport.height,
          profileId,
        });
        setState({ phase: 'started', jobs });
      } finally {
        running = false;
      }
    } catch (error) {
      setState({ phase: 'failed', error: messageOf(error) });
    }
  };

  return (
    <section class="all-devices" aria-label="All devices">
      <button type="button" disabled={!canSave || busy} aria-busy={busy} onClick={() => void start()}>
        Save for all devices
      </button>
      {/* A polite live region, not role="status": the popup's own save keeps the one status region. */}
      <div class="save-status" aria-live="polite">
        {state.phase === 'laying-out' ? <p class="progress">{state.sentence}</p> : null}
        {state.phase === 'failed' ? (
          <p class="notice problem" role="alert">
            {state.error}
          </p>
        ) : null}
      </div>
      {state.phase === 'started'
        ? state.jobs.map((job) => <DeviceSave key={job.id} job={job} site={site} />)
        : null}
    </section>
  );
}

/** One device's save, followed like a single save. */
function DeviceSave({ job, site }: { job: DatadogJob; site: SiteId | null }) {
  const { state, save } = useSaveJob<DatadogJob>();
  useEffect(() => {
    void save(async () => job);
  }, [job, save]);
  const label = DEVICE_LABELS[job.input.deviceType];
  return (
    <section class="device-save" aria-label={label}>
      <p class="title">{label}</p>
      <SaveStatus state={state} site={site} />
    </section>
  );
}
