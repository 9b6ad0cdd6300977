import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Lives in test/ because the project's top level is fixed; `npm test` passes it with --config.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // rebuilds dist/ when it was compiled from other sources: worker-thread tests run dist/
    globalSetup: ['test/global-setup.ts'],
    // a hang limit, not a speed check: CI shares the machine (end-to-end tests took over 120 s with
    // four busy processes beside them); tests bound their work, never their wall time
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
