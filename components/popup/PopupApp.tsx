import { browser } from 'wxt/browser';
import { type AsyncState, useAsync } from '@/components/shared/useAsync';
import type { Detection } from '@/lib/detect/page-context';
import { request } from '@/lib/messages/client';
import { DetectionMessage, type PendingDetection } from './DetectionMessage';
import { ReadyPanel } from './ReadyPanel';
import { SettingsNotice } from './SettingsNotice';
import { openSettings } from './target-tab';
import { UnfinishedSaves } from './UnfinishedSaves';
import { useDetection } from './useDetection';

/** What to explain while there is no context: the answer, the request's failure, or that we look. */
function pendingOf(state: AsyncState<Detection>): PendingDetection {
  if (state.status === 'error') return { status: 'failed', problem: state.message };
  if (state.status === 'ok' && state.value.status !== 'ready') return state.value;
  return { status: 'loading' };
}

/**
 * The popup. It renders its frame and a skeleton at once and asks for the detection and the
 * settings in parallel; each part fills in when its answer comes.
 */
export function PopupApp() {
  const detection = useDetection();
  const settings = useAsync(() => request('get-settings', {}));
  const { state } = detection;
  const ready = state.status === 'ok' && state.value.status === 'ready' ? state.value : null;

  return (
    <main class="popup">
      <h1>Heatmap snapshot</h1>
      <SettingsNotice state={settings.state} pageSite={ready?.context.site ?? null} />
      <UnfinishedSaves />
      {ready ? (
        <ReadyPanel
          context={ready.context}
          settings={settings.state}
          onStartRecording={detection.startRecording}
        />
      ) : (
        <DetectionMessage detection={pendingOf(state)} onRetry={detection.retry} />
      )}
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
