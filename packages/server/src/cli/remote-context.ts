import { createClient, type PatchbayClient, PatchbayError } from '@patchbay/sdk';
import type { Command } from 'commander';
import { printError } from './output.js';

/** A mistake in the command line: printed by commander with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE_EXIT_CODE = 2;

/** What a remote command's handler gets. */
export interface RemoteContext {
  client: PatchbayClient;
  /** `--json`: print the API's JSON instead of the human view */
  json: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: commander options are untyped records
  options: Record<string, any>;
  /** the positional arguments as commander parsed them (variadic ones are arrays) */
  args: unknown[];
  command: Command;
}

/**
 * The client of a command: `--url`/`--token` (global options) over PATCHBAY_URL/PATCHBAY_TOKEN.
 *
 * @example
 * const client = clientOf(command);
 */
export function clientOf(command: Command): PatchbayClient {
  const { url, token } = command.optsWithGlobals<{ url?: string; token?: string }>();
  return createClient({ ...(url ? { baseUrl: url } : {}), ...(token ? { token } : {}) });
}

/**
 * Makes `command` a remote command: adds `--json` and runs `handler` with a client; an API error is
 * printed as `error <code>: <message>` with exit code 1, a usage error with exit code 2.
 *
 * @example
 * remote(connections.command('get <tag>'), async ({ client, args, json }) => {
 *   print(json, await client.connections.get(args[0] as string), formatConnection);
 * });
 */
export function remote(command: Command, handler: (context: RemoteContext) => Promise<void>): Command {
  return command
    .option('--json', "print the API's JSON (for scripts)")
    .action(async (...params: unknown[]) => {
      const self = params.at(-1) as Command;
      const options = self.opts();
      try {
        await handler({
          client: clientOf(self),
          json: options.json === true,
          options,
          args: self.processedArgs,
          command: self,
        });
      } catch (error) {
        if (error instanceof UsageError)
          self.error(`error: ${error.message}`, { exitCode: USAGE_EXIT_CODE, code: 'patchbay.usage' });
        if (!(error instanceof PatchbayError)) throw error;
        printError(error);
        process.exitCode = 1;
      }
    });
}

/**
 * Commander's usage errors (unknown option, missing argument …) exit with 2, help and version with 0.
 *
 * @example
 * program.exitOverride(exitOnUsageError);
 */
export function exitOnUsageError(error: { exitCode: number }): never {
  process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE);
}
