import { defineConfig } from 'vitest/config';

// Unit and integration tests run on real Node (no jsdom): main-process code meets real SQLite files,
// real sockets and real child processes.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
