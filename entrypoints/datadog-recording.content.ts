import { startRecordingInPage } from '@/lib/providers/datadog/start-recording-in-page';

// Injected on demand by the background when the person presses "Start recording".
export default defineContentScript({
  registration: 'runtime',
  world: 'MAIN',
  globalName: false,
  main: () => startRecordingInPage(window),
});
