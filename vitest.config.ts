import { defineConfig } from 'vitest/config';

// Global setup files: the first starts PostgreSQL, the second installs Chromium if it is missing.
const postgresSetup = ['test/global-setup.ts'];
const browserSetup = ['test/global-setup.ts', 'test/chromium-setup.ts'];
const eventsSetup = ['test/global-setup.ts', 'test/kafka-setup.ts'];

export default defineConfig({
  test: {
    // Vitest 4 accepts passWithNoTests only here, not per project. It lets a plain `vitest run`
    // pass locally before any tests exist, while scripts/test.mjs fails every run with 0 tests.
    passWithNoTests: !process.env.CI,
    projects: [
      {
        test: {
          name: 'domain',
          environment: 'node',
          include: ['domain/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'sync-api',
          environment: 'node',
          include: ['sync-api/src/**/*.test.ts', 'sync-api/test/**/*.test.ts'],
          exclude: ['**/*.kafka.test.ts'],
          globalSetup: postgresSetup,
          // The test files share one database, so they run one at a time.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'notifier',
          environment: 'node',
          include: [
            'notifier/src/**/*.test.ts',
            'notifier/test/**/*.test.ts',
            'embedded/test/**/*.test.ts',
          ],
          exclude: ['**/*.kafka.test.ts'],
          globalSetup: postgresSetup,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'audit',
          environment: 'node',
          include: ['audit/src/**/*.test.ts', 'audit/test/**/*.test.ts'],
          exclude: ['**/*.kafka.test.ts'],
          globalSetup: postgresSetup,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'agent',
          environment: 'node',
          include: ['agent/test/**/*.test.ts', 'agent/src/**/*.test.ts'],
          exclude: ['**/*.kafka.test.ts'],
          globalSetup: postgresSetup,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Tests against a real Kafka broker as well as PostgreSQL.
        test: {
          name: 'kafka',
          environment: 'node',
          include: ['**/*.kafka.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: eventsSetup,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Components are .tsx files with the React 17+ JSX transform, which needs no React import.
        oxc: { jsx: { runtime: 'automatic' } },
        test: {
          name: 'pwa',
          environment: 'jsdom',
          include: ['pwa/src/**/*.test.{ts,tsx}'],
        },
      },
      {
        // Deployment files: Helm chart renders, Dapr and Strimzi resources, Dockerfile, bundles.
        // The first run builds Helm from the Go module proxy, which takes minutes.
        test: {
          name: 'deploy',
          environment: 'node',
          include: ['deploy/test/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
        },
      },
      {
        // The spec-driven record against the code: routes, MCP tools, events, tables,
        // acceptance criteria and the paths and commands the guides name. The REST check
        // starts the sync API, so it needs PostgreSQL.
        test: {
          name: 'specs',
          environment: 'node',
          include: ['specs/test/**/*.test.ts'],
          globalSetup: postgresSetup,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'pwa-e2e',
          environment: 'node',
          include: ['pwa/test/**/*.e2e.test.ts'],
          globalSetup: browserSetup,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The browser, the sync API and the audit consumer share two cores with the other
          // suites, so a poll without its own timeout gets 10 s, not the default 1 s.
          expect: { poll: { timeout: 10_000, interval: 100 } },
        },
      },
    ],
  },
});
