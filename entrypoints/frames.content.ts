import { framePresence } from '@/lib/page/frame-presence';

// Injected into every frame on demand when the top frame lacks a provider (see detect.ts).
export default defineContentScript({
  registration: 'runtime',
  world: 'MAIN',
  globalName: false,
  main: () => framePresence(),
});
