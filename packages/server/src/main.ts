#!/usr/bin/env node
import { Command } from 'commander';
import { registerLocalCommands } from './cli/local-commands.js';
import { registerRemoteCommands } from './cli/remote-commands.js';
import { API_VERSION } from './version.js';

const program = new Command('patchbay')
  .description('Patchbay: named connections with encrypted secrets, handed to code with per-call overrides')
  .version(API_VERSION)
  .showHelpAfterError();
registerLocalCommands(program);
registerRemoteCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`patchbay: ${message}\n`);
  process.exit(error && typeof error === 'object' && 'exitCode' in error ? Number(error.exitCode) || 1 : 1);
});
