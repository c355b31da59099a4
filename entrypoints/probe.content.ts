import { runProbes } from '@/lib/page/run-probes';

// Injected on demand when the person acts (see detect.ts), never by the manifest.
export default defineContentScript({
  registration: 'runtime',
  world: 'MAIN',
  globalName: false,
  main: () => runProbes(),
});
