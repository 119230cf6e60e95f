import type { Connection, CreateConnectionInput, Execution, UpdateConnectionInput } from '@patchbay/sdk';
import type { Command } from 'commander';
import {
  collect,
  pairsToObject,
  readObjectFile,
  secretPairs,
  secretsToObject,
  wholeNumber,
} from './input.js';
import {
  formatConnection,
  formatConnections,
  formatExecution,
  formatResolution,
  formatValidation,
  print,
} from './output.js';
import { type RemoteContext, remote, UsageError } from './remote-context.js';

const PAIRS_HELP = 'k=v values are JSON when they parse (5432, true, {"a":1}), else text';

const SECRET_HELP =
  'a secret input, always text; repeatable; k=@path reads a file, k=- standard input (keeps it off the command line)';

const tagOf = (context: RemoteContext) => context.args[0] as string;
const pairsOf = (context: RemoteContext, index = 1) =>
  pairsToObject(context.args[index] as string[] | undefined);

const mergeInto = (base: unknown, extra: Record<string, unknown>) =>
  Object.keys(extra).length === 0 ? base : { ...((base as Record<string, unknown>) ?? {}), ...extra };

/** Prints a changed connection in one line, or its JSON. */
export const printChanged = (context: RemoteContext, verb: string) => (c: Connection) =>
  print(context.json, c, () => `${c.tag}: ${verb}; status ${c.status}, version ${c.version}`);

/** The body of a create: -f file, then flags and k=v options on top. */
function createBody(context: RemoteContext): CreateConnectionInput {
  const { options } = context;
  const body: Record<string, unknown> = options.file ? readObjectFile(options.file) : {};
  body.tag = tagOf(context);
  if (options.type) body.type = options.type;
  if (typeof body.type !== 'string')
    throw new UsageError('--type is required (e.g. --type git), or "type" in the -f file');
  if (options.displayName !== undefined) body.display_name = options.displayName;
  if (options.description !== undefined) body.description = options.description;
  if (options.scope) body.scopes = options.scope;
  body.value = mergeInto(body.value, pairsToObject(options.value));
  body.secrets = mergeInto(body.secrets, secretsToObject(options.secret, options.file === '-'));
  for (const key of ['value', 'secrets']) if (body[key] === undefined) delete body[key];
  return body as CreateConnectionInput;
}

/** The body of an update: -f file, then flags; `--value k=null` removes a key (merge patch). */
export function updateBody(context: RemoteContext): UpdateConnectionInput {
  const { options } = context;
  const body: Record<string, unknown> = options.file ? readObjectFile(options.file) : {};
  if (options.displayName !== undefined) body.display_name = options.displayName;
  if (options.description !== undefined) body.description = options.description;
  if (options.scope) body.scopes = options.scope;
  const value = mergeInto(body.value, pairsToObject(options.value));
  if (value !== undefined) body.value = value;
  if (Object.keys(body).length === 0) {
    throw new UsageError(
      'nothing to change: give --display-name, --description, --scope, --value k=v or -f file',
    );
  }
  return body as UpdateConnectionInput;
}

/** Inputs of a complete: -f file, then k=v arguments on top. */
export function completeInputs(context: RemoteContext): Record<string, unknown> {
  const { options } = context;
  const secrets = secretsToObject(options.secret, options.file === '-');
  const inputs = {
    ...(options.file ? readObjectFile(options.file) : {}),
    ...pairsOf(context),
    ...secrets,
  };
  if (Object.keys(inputs).length === 0)
    throw new UsageError('no inputs: give k=v arguments, --secret k=@file or -f file');
  return inputs;
}

/**
 * complete sends one flat map that the type sorts into value and secrets, so a `--secret` naming a
 * field the type keeps in the clear would be stored readable: refuse it before anything is sent.
 */
async function checkSecretFields(context: RemoteContext): Promise<void> {
  const names = secretPairs(context.options.secret, context.options.file === '-').map(([k]) => k);
  if (names.length === 0) return;
  const connection = await context.client.connections.get(tagOf(context));
  const type = await context.client.types.get(connection.type);
  const properties = (type.input_schema.properties ?? {}) as Record<string, { 'x-secret'?: boolean }>;
  // a type that declares no inputs (generic) stores every completed input as a secret
  if (Object.keys(properties).length === 0) return;
  const secretFields = Object.keys(properties).filter((k) => properties[k]?.['x-secret'] === true);
  const clear = names.filter((n) => !secretFields.includes(n));
  if (clear.length > 0) {
    throw new UsageError(
      `${clear.join(', ')} ${clear.length === 1 ? 'is not a secret input' : 'are not secret inputs'} of type ${type.id} (its secrets: ${secretFields.join(', ') || 'none'}); give ${clear.length === 1 ? 'it' : 'them'} as k=v instead`,
    );
  }
}

/** A failed task or validation is exit code 1, after its report is printed. */
export const failUnless = (ok: boolean) => {
  if (!ok) process.exitCode = 1;
};

export function printExecution(context: RemoteContext, execution: Execution) {
  print(context.json, execution, formatExecution);
  failUnless(execution.status === 'succeeded');
}

export function registerConnectionCommands(program: Command) {
  const connections = program
    .command('connections')
    .description('named connections: create, inspect, complete, validate, resolve, run');

  remote(
    connections
      .command('list')
      .description('list connections')
      .option('--type <type>', 'only this type (git, http, aws …)')
      .option('--kind <kind>', 'task or cloud')
      .option('--status <status>', 'pending, unverified, active, error or revoked')
      .option('-q, --query <text>', 'search tag, display name and description')
      .option('--limit <n>', 'page size (1–500)', wholeNumber('--limit'))
      .option('--cursor <cursor>', 'the next page, from the previous answer')
      .option('--all', 'every page'),
    async (context) => {
      const { type, kind, status, query, limit, cursor, all } = context.options;
      const filter = { type, kind, status, q: query, limit };
      if (all) {
        const items: Connection[] = [];
        for await (const c of context.client.connections.listAll(filter)) items.push(c);
        return print(context.json, { items, next_cursor: null }, formatConnections);
      }
      print(context.json, await context.client.connections.list({ ...filter, cursor }), formatConnections);
    },
  );

  remote(connections.command('get <tag>').description('show one connection'), async (context) =>
    print(context.json, await context.client.connections.get(tagOf(context)), formatConnection),
  );

  remote(
    connections
      .command('create <tag>')
      .description('create a connection (secrets are stored encrypted and never shown again)')
      .option('--type <type>', 'connection type (see: patchbay types list)')
      .option('--value <k=v>', `a non-secret input; repeatable; ${PAIRS_HELP}`, collect)
      .option('--secret <k=v>', SECRET_HELP, collect)
      .option('-f, --file <file>', 'the body as JSON or YAML ({tag, type, value, secrets …}); - for stdin')
      .option('--display-name <name>', 'display name (default: the tag)')
      .option('--description <text>', 'description')
      .option(
        '--scope <scope>',
        'cloud scope (storage, broker, database, graph, vector); repeatable',
        collect,
      ),
    async (context) => {
      const created = await context.client.connections.create(createBody(context));
      print(context.json, created, (c) => {
        const hint = c.status === 'pending' ? `\n\nNext: patchbay connections complete ${c.tag} k=v …` : '';
        return `${formatConnection(c)}${hint}`;
      });
    },
  );

  remote(
    connections
      .command('update <tag>')
      .description('change metadata or value (a JSON merge patch: --value k=null removes k)')
      .option('-f, --file <file>', 'the PATCH body as JSON or YAML; - for stdin')
      .option('--value <k=v>', `a value key; repeatable; ${PAIRS_HELP}`, collect)
      .option('--display-name <name>', 'display name')
      .option('--description <text>', 'description')
      .option('--scope <scope>', 'cloud scope; repeatable (replaces the list)', collect)
      .option(
        '--if-match <version>',
        'fail with 412 unless the connection is still at this version',
        wholeNumber('--if-match'),
      ),
    async (context) => {
      const updated = await context.client.connections.update(tagOf(context), updateBody(context), {
        ifMatch: context.options.ifMatch,
      });
      print(context.json, updated, formatConnection);
    },
  );

  remote(
    connections
      .command('complete <tag> [inputs...]')
      .description(`set inputs (k=v); each goes to value or secrets by the type; ${PAIRS_HELP}`)
      .option('--secret <k=v>', SECRET_HELP, collect)
      .option('-f, --file <file>', 'the inputs as JSON or YAML; - for stdin'),
    async (context) =>
      printChanged(
        context,
        'completed',
      )(
        await checkSecretFields(context).then(() =>
          context.client.connections.complete(tagOf(context), completeInputs(context)),
        ),
      ),
  );

  remote(
    connections
      .command('validate <tag>')
      .description('test against the real system and activate (exit 1 when invalid)'),
    async (context) => {
      const validation = await context.client.connections.validate(tagOf(context));
      print(context.json, validation, formatValidation);
      failUnless(validation.valid);
    },
  );

  addResolve(connections);
  addConnect(connections);

  remote(
    connections.command('revoke <tag>').description('switch off: resolve and connect are refused'),
    async (context) =>
      printChanged(context, 'revoked')(await context.client.connections.revoke(tagOf(context))),
  );
  remote(
    connections.command('restore <tag>').description('switch a revoked connection back on'),
    async (context) =>
      printChanged(context, 'restored')(await context.client.connections.restore(tagOf(context))),
  );

  remote(
    connections
      .command('delete <tag>')
      .description('delete a connection')
      .option('--force', 'also unlink its components'),
    async (context) => {
      const tag = tagOf(context);
      await context.client.connections.delete(tag, { force: context.options.force === true });
      print(context.json, { tag, deleted: true }, () => `${tag}: deleted`);
    },
  );

  remote(
    connections
      .command('attach-secret <tag> <path>')
      .description('attach a Vault secret (secret/data/app or secret/app)')
      .option(
        '--version <n>',
        'pin this KV v2 version (default: always the latest)',
        wholeNumber('--version'),
      ),
    async (context) => {
      const path = context.args[1] as string;
      const version = context.options.version as number | undefined;
      const attached = await context.client.connections.attachVault(tagOf(context), path, { version });
      const pinned = version === undefined ? '' : ` (version ${version})`;
      printChanged(context, `Vault secret ${path}${pinned} attached`)(attached);
    },
  );
  remote(connections.command('detach-secret <tag>').description('detach the Vault secret'), async (context) =>
    printChanged(
      context,
      'Vault secret detached',
    )(await context.client.connections.detachVault(tagOf(context))),
  );
}

/** `resolve` under `connections`, and at the top (`patchbay resolve library ref=v2`), as in the SDK. */
function addResolve(parent: Command, note = '') {
  remote(
    parent
      .command('resolve <tag> [overrides...]')
      .description(`the merged inputs and their sources${note}; overrides as k=v; ${PAIRS_HELP}`)
      .option('--reveal', 'show secret values (the token needs reveal)'),
    async (context) => {
      const inputs = pairsOf(context);
      const resolution = await context.client.connections.resolve(tagOf(context), {
        ...(Object.keys(inputs).length > 0 ? { inputs } : {}),
        ...(context.options.reveal ? { reveal: true } : {}),
      });
      print(context.json, resolution, formatResolution);
    },
  );
}

/** `connect` under `connections`, and at the top (`patchbay connect library ref=v2`), like `client.connect`. */
function addConnect(parent: Command, note = '') {
  remote(
    parent
      .command('connect <tag> [overrides...]')
      .description(`run the task with the merged inputs${note} (exit 1 when it failed)`)
      .option('--timeout-ms <ms>', 'time budget of the task', wholeNumber('--timeout-ms')),
    async (context) => {
      const inputs = pairsOf(context);
      const execution = await context.client.connections.connect(tagOf(context), {
        ...(Object.keys(inputs).length > 0 ? { inputs } : {}),
        ...(context.options.timeoutMs !== undefined ? { timeout_ms: context.options.timeoutMs } : {}),
      });
      printExecution(context, execution);
    },
  );
}

/** The two calls automation makes most, as top-level commands. */
export function registerShortcutCommands(program: Command) {
  addResolve(program, ' (= connections resolve)');
  addConnect(program, ' (= connections connect)');
}
