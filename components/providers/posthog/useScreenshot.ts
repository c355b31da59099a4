import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '@/lib/errors';
import { request } from '@/lib/messages/client';
import { sleep } from '@/lib/time';

const POLL_MS = 1000;
/** PostHog renders in seconds; after this the popup stops asking and points to PostHog instead. */
const GIVE_UP_MS = 60_000;

export type ScreenshotState =
  | { status: 'loading' }
  | { status: 'rendering' }
  | { status: 'ready'; dataUrl: string }
  | { status: 'timed-out' }
  | { status: 'error'; message: string };

/**
 * The saved heatmap's picture at `width`. PostHog answers "still rendering" for a while after a
 * render save, so this asks again every second, for a minute at most; unmounting stops it.
 */
export function useScreenshot(id: string, width: number, profileId?: string): ScreenshotState {
  const [state, setState] = useState<ScreenshotState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const started = performance.now();
    const poll = async () => {
      while (live) {
        const answer = await request('posthog:get-screenshot', { id, width, profileId });
        if (!live) return;
        if (answer.state === 'ready') return setState({ status: 'ready', dataUrl: answer.dataUrl });
        if (performance.now() - started >= GIVE_UP_MS) return setState({ status: 'timed-out' });
        setState({ status: 'rendering' });
        await sleep(POLL_MS);
      }
    };
    setState({ status: 'loading' });
    poll().catch((error: unknown) => {
      if (live) setState({ status: 'error', message: messageOf(error) });
    });
    return () => {
      live = false;
    };
  }, [id, width, profileId]);
  return state;
}
