import { useCallback, useState } from 'preact/hooks';
import { useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import { targetTabId } from './target-tab';

/** Detection of the target tab: runs on open, again on `retry`, replaced by start-recording's answer. */
export function useDetection() {
  // Resolved once: the popup belongs to one tab for its whole life.
  const [tabId] = useState(targetTabId);
  const detection = useAsync(async () => request('detect', { tabId: await tabId }));
  const { set } = detection;

  const startRecording = useCallback(async () => {
    set(await request('start-recording', { tabId: await tabId }));
  }, [set, tabId]);

  return { state: detection.state, retry: detection.reload, startRecording };
}
