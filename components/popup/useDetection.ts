import { useCallback, useState } from 'preact/hooks';
import { useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { DetectionOf, ProviderId } from '@/lib/providers/registry';
import { targetTabId } from './target-tab';

/**
 * Detection of the target tab: runs on open and again on `retry`. A provider panel can put a
 * fresher answer of its own in place (e.g. after starting a recording) with `replace`.
 */
export function useDetection() {
  // Resolved once: the popup belongs to one tab for its whole life.
  const [tabId] = useState(targetTabId);
  const detection = useAsync(async () => request('detect', { tabId: await tabId }));
  const { set, state } = detection;

  const replace = useCallback(
    <P extends ProviderId>(provider: P, value: DetectionOf<P>) => {
      if (state.status !== 'ok' || state.value.status !== 'read') return;
      set({ ...state.value, providers: { ...state.value.providers, [provider]: value } });
    },
    [set, state],
  );

  return { state, tabId, retry: detection.reload, replace };
}
