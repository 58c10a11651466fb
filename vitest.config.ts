import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files share one Redis server; each uses its own key prefix, so files may run in parallel.
    fileParallelism: true,
  },
});
