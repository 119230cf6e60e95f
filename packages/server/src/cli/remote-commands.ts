import type { ConnectionType } from '@patchbay/sdk';
import type { Command } from 'commander';
import { registerAdminCommands } from './admin-commands.js';
import { registerCloudCommands } from './cloud-commands.js';
import { registerConnectionCommands, registerShortcutCommands } from './connections-commands.js';
import { registerFlowCommands } from './flow-commands.js';
import { wholeNumber } from './input.js';
import { formatExecution, formatExecutions, print, record, table } from './output.js';
import { exitOnUsageError, remote } from './remote-context.js';

const formatType = (t: ConnectionType) => {
  const schema = t.input_schema as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const rows = Object.entries(schema.properties ?? {}).map(([name, p]) => [
    name,
    (schema.required ?? []).includes(name) ? 'yes' : '',
    p['x-secret'] ? 'yes' : '',
    p.default === undefined ? '' : JSON.stringify(p.default),
    String(p.description ?? ''),
  ]);
  const head = record([
    ['type', `${t.id} (${t.kind})`],
    ['name', t.short_name === t.display_name ? t.display_name : `${t.display_name} (${t.short_name})`],
    ['description', t.description],
    ['commands', t.commands.length > 0 ? t.commands.join(', ') : undefined],
    ['default scopes', t.default_scopes.length > 0 ? t.default_scopes.join(', ') : undefined],
  ]);
  // of the steps' limited markup a terminal keeps `code`; bold and emphasis markers would only be noise
  const plain = (step: string) =>
    step.replace(/\*\*([^*\n]+)\*\*/g, '$1').replace(/(^|\W)_([^_\n]+)_(?=\W|$)/g, '$1$2');
  const steps = t.setup_steps.map((step, i) => `  ${i + 1}. ${plain(step)}`).join('\n');
  const setup = steps ? `\n\nSetup on the provider's side:\n${steps}` : '';
  return `${head}${setup}\n\n${table(['INPUT', 'REQUIRED', 'SECRET', 'DEFAULT', 'DESCRIPTION'], rows, '(any inputs)')}`;
};

function registerTypesAndExecutions(program: Command) {
  const types = program.command('types').description('connection types and their inputs');
  remote(types.command('list').description('list connection types'), async ({ client, json }) =>
    print(json, await client.types.list(), ({ items }) =>
      table(
        ['TYPE', 'KIND', 'NAME'],
        items.map((t) => [t.id, t.kind, t.display_name]),
      ),
    ),
  );
  remote(types.command('show <type>').description("a type's inputs"), async ({ client, json, args }) =>
    print(json, await client.types.get(args[0] as string), formatType),
  );

  const executions = program.command('executions').description('records of connect calls');
  remote(
    executions
      .command('list')
      .description('executions, newest first')
      .option('--tag <tag>', 'of this connection')
      .option('--limit <n>', 'page size', wholeNumber('--limit'))
      .option('--cursor <cursor>', 'the next page'),
    async ({ client, json, options }) =>
      print(
        json,
        await client.executions.list({ tag: options.tag, limit: options.limit, cursor: options.cursor }),
        formatExecutions,
      ),
  );
  remote(executions.command('show <id>').description('one execution'), async ({ client, json, args }) =>
    print(json, await client.executions.get(args[0] as string), formatExecution),
  );
}

/**
 * The commands that reach a server through the SDK: `--url`/`--token` (or PATCHBAY_URL/PATCHBAY_TOKEN)
 * say which. Usage errors exit with 2, API errors with 1.
 *
 * @example
 * registerRemoteCommands(program); // patchbay connections list, patchbay flow run …
 */
export function registerRemoteCommands(program: Command) {
  program
    .option('--url <url>', 'Patchbay server (default: PATCHBAY_URL or http://127.0.0.1:7300)')
    .option('--token <token>', 'API token (default: PATCHBAY_TOKEN)')
    .exitOverride(exitOnUsageError);
  registerShortcutCommands(program);
  registerTypesAndExecutions(program);
  registerConnectionCommands(program);
  registerCloudCommands(program);
  registerAdminCommands(program);
  registerFlowCommands(program);
}
