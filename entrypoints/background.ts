import { startBackground } from '@/lib/background/start';

// An ES module: built with the popup and options, so zod, the polyfill and shared schemas ship once.
export default defineBackground({ type: 'module', main: () => startBackground() });
