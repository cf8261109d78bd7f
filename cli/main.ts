/**
 * The `ecabinet` command line: server, accounts, and the app launcher (the commands: `./run.ts`).
 */
import { runCli } from './run';

void runCli(process.argv.slice(2)).then((status) => {
  if (status !== 0) process.exit(status);
});
