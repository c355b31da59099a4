import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { DetectionOf, ProviderId } from '@/lib/providers/registry';
import { targetTabId } from './target-tab';

/**
 * A probe answers in well under this; a detect request still running after it is the background
 * probing again while a page's SDK loads (the background's detector), which the popup then says.
 */
const SDK_WAIT_HINT_MS = 700;

/**
 * Detection of the target tab: runs on open and again on `retry`. A provider panel can put a
 * fresher answer of its own in place (e.g. after starting a recording) with `replace`.
 * `readFrame` reads one frame of the tab instead of the top one (and `retry` then reads it again).
 */
export function useDetection() {
  // Resolved once: the popup belongs to one tab for its whole life.
  const [tabId] = useState(targetTabId);
  const frameId = useRef<number | undefined>(undefined);
  const detection = useAsync(async () => request('detect', { tabId: await tabId, frameId: frameId.current }));
  const { set, state, reload } = detection;

  const [waitingForSdk, setWaitingForSdk] = useState(false);
  useEffect(() => {
    setWaitingForSdk(false);
    if (state.status !== 'loading') return;
    const timer = setTimeout(() => setWaitingForSdk(true), SDK_WAIT_HINT_MS);
    return () => clearTimeout(timer);
  }, [state.status]);

  const replace = useCallback(
    <P extends ProviderId>(provider: P, value: DetectionOf<P>) => {
      if (state.status !== 'ok' || state.value.status !== 'read') return;
      set({ ...state.value, providers: { ...state.value.providers, [provider]: value } });
    },
    [set, state],
  );

  const readFrame = useCallback(
    (id: number) => {
      frameId.current = id;
      reload();
    },
    [reload],
  );

  return { state, tabId, waitingForSdk, retry: reload, replace, readFrame };
}
