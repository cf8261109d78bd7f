import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './tests/helpers/longest-first-sequencer';
import { catalogueModules } from './renderer/vite-catalogues';

export default defineConfig({
  // Renderer modules that tests render (the signature panel) import their language's strings
  // from the catalogue modules the renderer's build makes.
  plugins: [catalogueModules()],
  // Renderer modules that tests run in Node get pdf.js's Node build (its browser build needs APIs
  // Node 20 lacks, such as Promise.withResolvers).
  resolve: { alias: [{ find: /^pdfjs-dist$/, replacement: 'pdfjs-dist/legacy/build/pdf.mjs' }] },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // A failing browser test prints what its open pages showed (and screenshots them).
    setupFiles: ['tests/setup-failure-snapshots.ts'],
    environment: 'node',
    // Timeouts only bound a failure; tests wait for states, never for time. They are generous
    // because the suite must stay green on two cores that other work keeps busy.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    expect: { poll: { timeout: 30_000, interval: 100 } },
    pool: 'forks',
    // Test files share their worker's loaded modules: loading the server, client services and
    // their libraries again for each of ~140 files was a fifth of the suite's CPU. Every file
    // closes what it starts (servers, clients, browsers), so nothing carries over.
    isolate: false,
    // Two cores: browser and integration suites each start servers; keep parallelism modest.
    // ECABINET_TEST_WORKERS sets another count (a machine with more cores).
    maxWorkers: Number(process.env.ECABINET_TEST_WORKERS) || 2,
    // Longest files first, so that the run does not end with one long file on one core (on a
    // fresh clone vitest knows no durations and starts the largest files first).
    sequence: { sequencer: LongestFirstSequencer },
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
