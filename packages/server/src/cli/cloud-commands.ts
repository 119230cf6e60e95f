import type { Component, Connection, CreateCloudConnectionInput, Page, Scope } from '@patchbay/sdk';
import type { Command } from 'commander';
import { completeInputs, failUnless, printChanged, updateBody } from './connections-commands.js';
import { collect, pairsToObject, readObjectFile, wholeNumber } from './input.js';
import {
  formatConnection,
  formatConnections,
  formatValidation,
  nextPage,
  print,
  record,
  table,
} from './output.js';
import { type RemoteContext, remote, UsageError } from './remote-context.js';

const tagOf = (context: RemoteContext) => context.args[0] as string;

/** The cloud provider ids the server registers (its cloud types): the CLI keeps no list of its own. */
async function cloudProviders(context: RemoteContext): Promise<string[]> {
  const { items } = await context.client.types.list();
  return items.filter((t) => t.kind === 'cloud').map((t) => t.id);
}

/** The create input: -f {provider, name, scopes} (Ductape's shape), then flags on top. */
async function createInput(context: RemoteContext): Promise<CreateCloudConnectionInput> {
  const { options } = context;
  const input: Record<string, unknown> = options.file ? readObjectFile(options.file) : {};
  if (context.args[0]) input.name = context.args[0];
  if (options.provider) input.provider = options.provider;
  if (options.scope) input.scopes = options.scope;
  if (options.displayName !== undefined) input.display_name = options.displayName;
  if (options.description !== undefined) input.description = options.description;
  if (typeof input.name !== 'string')
    throw new UsageError('give the name (patchbay cloud connections create prod_aws …) or "name" in -f');
  const providers = await cloudProviders(context);
  if (typeof input.provider !== 'string' || !providers.includes(input.provider)) {
    throw new UsageError(`--provider must be one of ${providers.join(', ')} (or "provider" in -f)`);
  }
  return input as unknown as CreateCloudConnectionInput;
}

/** A created cloud connection and, for aws, what to paste into the IAM role. */
function formatCreated(c: Connection): string {
  const setup = c.setup
    ? `\n\nSetup (add to the role's trust policy, then complete with the role ARN):\n${JSON.stringify(c.setup, null, 2)}`
    : '';
  return `${formatConnection(c)}${setup}\n\nNext: patchbay cloud connections complete ${c.tag} k=v … (or -f credentials.json)`;
}

function registerCloudConnections(cloud: Command) {
  const connections = cloud
    .command('connections')
    .description('cloud connections: create → complete → validate');

  remote(
    connections
      .command('list')
      .description('list cloud connections')
      .option('--status <status>', 'pending, unverified, active, error or revoked')
      .option('-q, --query <text>', 'search tag, display name and description')
      .option('--limit <n>', 'page size (1–500)', wholeNumber('--limit'))
      .option('--cursor <cursor>', 'the next page'),
    async ({ client, json, options }) =>
      print(
        json,
        await client.cloud.connections.list({
          status: options.status,
          q: options.query,
          limit: options.limit,
          cursor: options.cursor,
        }),
        formatConnections,
      ),
  );

  remote(
    connections
      .command('create [name]')
      .description('link a cloud provider under a tag (the name, lower-cased)')
      .option('--provider <provider>', 'a cloud type id (see: patchbay types list)')
      .option('--scope <scope>', 'storage, broker, database, graph or vector; repeatable', collect)
      .option('--display-name <name>', 'display name (default: the name)')
      .option('--description <text>', 'description')
      .option('-f, --file <file>', '{provider, name, scopes} as JSON or YAML; - for stdin'),
    async (context) =>
      print(
        context.json,
        await context.client.cloud.connections.create(await createInput(context)),
        formatCreated,
      ),
  );

  remote(connections.command('get <tag>').description('show one cloud connection'), async (context) =>
    print(context.json, await context.client.cloud.connections.fetch(tagOf(context)), formatConnection),
  );

  remote(
    connections
      .command('update <tag>')
      .description('change display name, description or scopes (the status is kept)')
      .option('-f, --file <file>', '{display_name, description, scopes} as JSON or YAML')
      .option('--display-name <name>', 'display name')
      .option('--description <text>', 'description')
      .option('--scope <scope>', 'scope; repeatable (replaces the list)', collect),
    async (context) => {
      const { display_name, description, scopes } = updateBody(context);
      const input = { display_name, description, scopes: scopes as Scope[] | undefined };
      print(
        context.json,
        await context.client.cloud.connections.update(tagOf(context), input),
        formatConnection,
      );
    },
  );

  remote(
    connections
      .command('complete <tag> [credentials...]')
      .description('set credentials as k=v (role_arn=…) or -f file; blank secrets keep the stored ones')
      .option('-f, --file <file>', 'the credentials as JSON or YAML; - for stdin'),
    async (context) =>
      printChanged(
        context,
        'credentials set',
      )(await context.client.cloud.connections.complete(tagOf(context), completeInputs(context))),
  );

  remote(
    connections
      .command('validate <tag>')
      .description('test the credentials and activate (exit 1 when invalid)'),
    async (context) => {
      const validation = await context.client.cloud.connections.validate(tagOf(context));
      print(context.json, validation, formatValidation);
      failUnless(validation.valid);
    },
  );

  remote(
    connections
      .command('delete <tag>')
      .description('delete a cloud connection')
      .option('--force', 'also unlink its components'),
    async (context) => {
      const tag = tagOf(context);
      await context.client.cloud.connections.delete(tag, { force: context.options.force === true });
      print(context.json, { tag, deleted: true }, () => `${tag}: deleted`);
    },
  );
}

const formatComponent = (c: Component) =>
  record([
    ['name', c.name],
    ['kind', c.kind],
    ['cloud', c.cloud],
    ['resource', c.resource || undefined],
    ['config', JSON.stringify(c.config)],
    ['created', c.created_at],
  ]);

const formatComponents = (page: Page<Component>) =>
  table(
    ['NAME', 'KIND', 'CLOUD', 'RESOURCE'],
    page.items.map((c) => [c.name, c.kind, c.cloud, c.resource]),
    'No components.',
  ) + nextPage(page);

function registerComponents(program: Command) {
  const components = program
    .command('components')
    .description('consumers linked to active cloud connections');
  remote(
    components
      .command('link <name>')
      .description('link a component (storage, broker, database, graph, vector) to a cloud connection')
      .option('--kind <kind>', 'storage, broker, database, graph or vector')
      .option('--cloud <tag>', 'the cloud connection')
      .option('--resource <resource>', 'what it points at (bucket, cluster …)')
      .option('--config <k=v>', 'a config entry; repeatable', collect)
      .option('-f, --file <file>', '{kind, cloud, resource, config} as JSON or YAML'),
    async ({ client, json, options, args }) => {
      const body: Record<string, unknown> = options.file ? readObjectFile(options.file) : {};
      body.name = args[0];
      for (const key of ['kind', 'cloud', 'resource'] as const)
        if (options[key] !== undefined) body[key] = options[key];
      if (options.config)
        body.config = { ...((body.config as object) ?? {}), ...pairsToObject(options.config) };
      if (!body.kind || !body.cloud) throw new UsageError('--kind and --cloud are required (or in -f)');
      print(
        json,
        await client.components.link(body as Parameters<typeof client.components.link>[0]),
        formatComponent,
      );
    },
  );
  remote(
    components
      .command('list')
      .description('list components')
      .option('--cloud <tag>', 'of this cloud connection')
      .option('--kind <kind>', 'of this kind')
      .option('--limit <n>', 'page size', wholeNumber('--limit'))
      .option('--cursor <cursor>', 'the next page'),
    async ({ client, json, options }) =>
      print(
        json,
        await client.components.list({
          cloud: options.cloud,
          kind: options.kind,
          limit: options.limit,
          cursor: options.cursor,
        }),
        formatComponents,
      ),
  );
  remote(components.command('get <name>').description('show one component'), async ({ client, json, args }) =>
    print(json, await client.components.get(args[0] as string), formatComponent),
  );
  remote(
    components.command('unlink <name>').description('unlink a component'),
    async ({ client, json, args }) => {
      await client.components.unlink(args[0] as string);
      print(json, { name: args[0], unlinked: true }, () => `${args[0]}: unlinked`);
    },
  );
}

/** `patchbay cloud connections …` (Ductape parity) and `patchbay components …`. */
export function registerCloudCommands(program: Command) {
  registerCloudConnections(
    program
      .command('cloud')
      .description('cloud connections and their lifecycle (which providers: see patchbay types list)'),
  );
  registerComponents(program);
}
