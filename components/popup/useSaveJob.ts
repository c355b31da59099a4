import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { SaveInput, SaveJob } from '@/lib/capture/job';
import type { PageContext } from '@/lib/detect/page-context';
import { messageOf } from '@/lib/errors';
import { request } from '@/lib/messages/client';
import { sleep } from '@/lib/time';

const POLL_MS = 300;

export type SaveState =
  | { phase: 'idle' }
  | { phase: 'saving'; progress: string }
  | { phase: 'done'; job: SaveJob }
  | { phase: 'failed'; error: string };

/**
 * Start a save and follow it. The job lives in the background (it survives the popup closing),
 * so the popup only polls its state until it is done or failed.
 */
export function useSaveJob() {
  const [state, setState] = useState<SaveState>({ phase: 'idle' });
  // Each save gets a number; a poll loop stops as soon as a newer save or unmount supersedes it.
  const current = useRef(0);
  useEffect(
    () => () => {
      current.current++;
    },
    [],
  );

  const save = useCallback(async (context: PageContext, input: SaveInput) => {
    const run = ++current.current;
    const stillCurrent = () => run === current.current;
    setState({ phase: 'saving', progress: 'Sending the snapshot to the extension…' });
    try {
      let job = await request('save-snapshot', { context, input });
      while (job.state !== 'done' && job.state !== 'failed') {
        if (!stillCurrent()) return;
        setState({ phase: 'saving', progress: job.progress });
        await sleep(POLL_MS);
        if (!stillCurrent()) return;
        job = await request('get-job', { jobId: job.id });
      }
      if (!stillCurrent()) return;
      setState(
        job.state === 'done' ? { phase: 'done', job } : { phase: 'failed', error: job.error ?? job.progress },
      );
    } catch (error) {
      if (stillCurrent()) setState({ phase: 'failed', error: messageOf(error) });
    }
  }, []);

  return { state, save };
}
