import { useEffect, useRef } from 'preact/hooks';
import { useAction } from '@/components/shared/useAction';
import { useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { SaveJob } from '@/lib/providers/registry';

const REFRESH_MS = 500;

/**
 * Saves started earlier (maybe from a popup since closed) that failed or are still running.
 * A failed one keeps its page context and input, so "Retry" needs nothing from the page again.
 */
export function UnfinishedSaves() {
  const jobs = useAsync(() => request('unfinished-jobs', {}));
  // Only the saves that existed when the popup opened: a save started here shows below the form.
  const earlier = useRef<Set<string> | null>(null);
  if (jobs.state.status === 'ok' && earlier.current === null) {
    earlier.current = new Set(jobs.state.value.map((job) => job.id));
  }
  // While a refresh runs, the last answer stays on screen (and the keyboard focus in it).
  const listed = 'value' in jobs.state ? (jobs.state.value ?? []) : [];
  const shown = listed.filter((job) => earlier.current?.has(job.id));
  const running = shown.some((job) => job.state !== 'failed');

  // Follow running saves until they end; the list is small and the popup short-lived.
  useEffect(() => {
    if (!running || jobs.state.status !== 'ok') return;
    const timer = setTimeout(jobs.reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [running, jobs.state, jobs.reload]);

  if (shown.length === 0) return null;
  return (
    <section class="unfinished" aria-labelledby="unfinished-heading">
      <h2 id="unfinished-heading">Earlier saves</h2>
      <ul>
        {shown.map((job) => (
          <UnfinishedSave key={job.id} job={job} onChanged={jobs.reload} />
        ))}
      </ul>
    </section>
  );
}

function UnfinishedSave({ job, onChanged }: { job: SaveJob; onChanged: () => void }) {
  const action = useAction();
  const act = (type: 'retry-job' | 'dismiss-job') =>
    action.run(async () => {
      await request(type, { jobId: job.id });
      onChanged();
    });
  const failed = job.state === 'failed';
  return (
    <li class={failed ? 'notice problem' : 'notice'}>
      <p class="name">{job.label}</p>
      <p class="meta">{failed ? `Failed: ${job.error ?? job.progress}` : job.progress}</p>
      {failed ? (
        <div class="actions">
          <button type="button" disabled={action.pending} onClick={() => void act('retry-job')}>
            Retry
          </button>
          <button type="button" disabled={action.pending} onClick={() => void act('dismiss-job')}>
            Dismiss
          </button>
        </div>
      ) : null}
      {action.error ? <p class="problem">{action.error}</p> : null}
    </li>
  );
}
