import { installPageController } from '@/lib/tab-capture/page-controller';

// Injected on demand by lib/tab-capture/capture.ts (never listed in the manifest), in the ISOLATED world.
export default defineContentScript({
  registration: 'runtime',
  globalName: false,
  main: () => installPageController(window),
});
