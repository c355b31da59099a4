import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '@/lib/errors';
import { request } from '@/lib/messages/client';
import type { SaveJob } from '@/lib/providers/registry';
import { sleep } from '@/lib/time';

const POLL_MS = 300;
/** After this long the popup stops asking: the save goes on in the background and the toolbar tells its end. */
const POLL_LIMIT_MS = 3 * 60_000;
const STILL_RUNNING = 'It goes on in the background; the toolbar button shows how it ends.';
/**
 * A worker that is stopping or starting again (Chrome stops idle workers; a resumed save wakes it)
 * can miss one ask. Asking for a job's state is a read, so a failed ask is repeated, a few times,
 * before the popup gives up on it: the save itself goes on in the background either way.
 */
const JOB_READ_ATTEMPTS = 10;

async function readJobState(jobId: string): Promise<SaveJob> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request('get-job', { jobId });
    } catch (error) {
      if (attempt >= JOB_READ_ATTEMPTS) throw error;
      await sleep(POLL_MS);
    }
  }
}

export type SaveState<J extends SaveJob = SaveJob> =
  | { phase: 'idle' }
  | { phase: 'saving'; progress: string }
  | { phase: 'done'; job: J }
  | { phase: 'failed'; error: string };

/**
 * Start a save (any provider's: `start` asks the background for it) and follow it. The job lives
 * in the background (it survives the popup closing), so the popup only polls its state until it
 * is done or failed, pauses (the provider asked to wait; its progress says until when), or
 * `POLL_LIMIT_MS` has passed: the popup never polls without end.
 */
export function useSaveJob<J extends SaveJob>() {
  const [state, setState] = useState<SaveState<J>>({ phase: 'idle' });
  // Each save gets a number; a poll loop stops as soon as a newer save or unmount supersedes it.
  const current = useRef(0);
  useEffect(
    () => () => {
      current.current++;
    },
    [],
  );

  const save = useCallback(async (start: () => Promise<J>) => {
    const run = ++current.current;
    const stillCurrent = () => run === current.current;
    setState({ phase: 'saving', progress: 'Sending the save to the extension…' });
    try {
      let job: SaveJob = await start();
      const started = performance.now();
      while (job.state !== 'done' && job.state !== 'failed') {
        if (!stillCurrent()) return;
        if (job.resumeAt !== undefined) return setState({ phase: 'saving', progress: job.progress });
        if (performance.now() - started > POLL_LIMIT_MS) {
          return setState({ phase: 'saving', progress: `${job.progress} ${STILL_RUNNING}` });
        }
        setState({ phase: 'saving', progress: job.progress });
        await sleep(POLL_MS);
        if (!stillCurrent()) return;
        job = await readJobState(job.id);
      }
      if (!stillCurrent()) return;
      setState(
        job.state === 'done'
          ? { phase: 'done', job: job as J }
          : { phase: 'failed', error: job.error ?? job.progress },
      );
    } catch (error) {
      if (stillCurrent()) setState({ phase: 'failed', error: messageOf(error) });
    }
  }, []);

  return { state, save };
}
