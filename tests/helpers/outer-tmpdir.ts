/**
 * The run's temporary folder may be moved to memory (tests/global-setup.ts); what lives across
 * runs and outside them, such as the tests' PostgreSQL cluster of a non-root user and its lock
 * (scripts/test-postgres.sh), stays in the folder the run was started with.
 */
export const OUTER_TMPDIR_ENV = 'ECABINET_OUTER_TMPDIR';

/** The environment to run scripts/test-postgres.sh in: TMPDIR as it was before the run. */
export function outerTmpdirEnv(): NodeJS.ProcessEnv {
  const outer = process.env[OUTER_TMPDIR_ENV];
  if (outer === undefined) return process.env;
  const env = { ...process.env };
  if (outer) env.TMPDIR = outer;
  else delete env.TMPDIR;
  return env;
}
