import { useEffect, useState } from 'preact/hooks';
import { request } from '@/lib/messages/client';
import { sleep } from '@/lib/time';

const PROGRESS_POLL_MS = 300;

/**
 * While `active` (a save is starting), what the background's capture at several widths is doing
 * on the tab ("Laying out the page at 768 px… 2 of 3"); null when it says nothing.
 */
export function useCaptureProgress(tabId: Promise<number>, active: boolean): string | null {
  const [sentence, setSentence] = useState<string | null>(null);
  useEffect(() => {
    if (!active) return setSentence(null);
    let running = true;
    void (async () => {
      const id = await tabId;
      while (running) {
        const answer = await request('posthog:capture-progress', { tabId: id }).catch(() => null);
        if (running) setSentence(answer?.sentence ?? null);
        await sleep(PROGRESS_POLL_MS);
      }
    })();
    return () => {
      running = false;
    };
  }, [tabId, active]);
  return sentence;
}
