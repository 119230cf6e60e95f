#!/usr/bin/env node
import { Command } from 'commander';
import { registerLocalCommands } from './cli/local-commands.js';
import { registerRemoteCommands } from './cli/remote-commands.js';
import { API_VERSION } from './version.js';

const program = new Command('patchbay')
  .description('Patchbay: named connections with encrypted secrets, handed to code with per-call overrides')
  .showHelpAfterError();
// commander honours a program option anywhere on the line, so its `--version` would swallow
// `attach-secret … --version 3` (a KV version): the program's version flag exists only without a command
if (process.argv.slice(2).every((arg) => arg.startsWith('-'))) program.version(API_VERSION);
registerLocalCommands(program);
registerRemoteCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`patchbay: ${message}\n`);
  process.exit(error && typeof error === 'object' && 'exitCode' in error ? Number(error.exitCode) || 1 : 1);
});
