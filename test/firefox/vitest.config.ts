import { defineConfig } from 'vitest/config';

// The Firefox suite (`npm run test:firefox`): files one after another, each with its own Firefox.
export default defineConfig({
  test: {
    include: ['test/firefox/**/*.test.ts'],
    globalSetup: ['test/firefox/timing.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
