import { defineConfig } from 'vitest/config';

/** `npm run screenshots` only: its own file pattern keeps it out of the test command. */
export default defineConfig({
  test: {
    root: `${__dirname}/../..`,
    include: ['tests/screenshots/**/*.screens.ts'],
    environment: 'node',
    testTimeout: 1_200_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
