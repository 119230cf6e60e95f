import type {
  AuditEvent,
  CreatedToken,
  Page,
  Token,
  VaultCheck,
  VaultConfig,
  VaultConfigInput,
  Workspace,
} from '@patchbay/sdk';
import type { Command } from 'commander';
import { readObjectFile, readTextFile, wholeNumber } from './input.js';
import { nextPage, print, record, table, text } from './output.js';
import { type RemoteContext, remote, UsageError } from './remote-context.js';

const ROLES = ['viewer', 'runner', 'editor', 'admin'];

/** The secret of a new token, shown this once, with how to use it. */
const formatCreatedToken = (t: CreatedToken, intro: string) =>
  `${intro}\nIts secret is shown once; keep it safe:\n\n  ${t.token}\n\n  export PATCHBAY_TOKEN=${t.token}`;

const formatTokens = ({ items }: { items: Token[] }) =>
  table(
    ['ID', 'NAME', 'ROLE', 'REVEAL', 'CREATED', 'EXPIRES', 'REVOKED'],
    items.map((t) => [
      t.id,
      t.name,
      t.role,
      t.reveal ? 'yes' : 'no',
      t.created_at,
      t.expires_at ?? '-',
      t.revoked_at ?? '-',
    ]),
    'No tokens.',
  );

const formatAudit = (page: Page<AuditEvent>) =>
  table(
    ['SEQ', 'AT', 'ACTOR', 'ACTION', 'TAG', 'OUTCOME', 'DETAILS'],
    page.items.map((e) => [String(e.seq), e.at, e.actor, e.action, e.tag ?? '-', e.outcome, text(e.details)]),
    'No audit events.',
  ) + nextPage(page);

const formatVaultConfig = (v: VaultConfig | null) =>
  v === null
    ? 'Vault is not configured for this workspace; set it with: patchbay vault configure --address … --vault-token …'
    : record([
        ['address', v.address],
        [
          'auth',
          v.auth.method === 'token'
            ? `token (${v.auth.token_set ? 'set' : 'not set'})`
            : `approle ${v.auth.role_id} (secret id ${v.auth.secret_id_set ? 'set' : 'not set'})`,
        ],
        ['namespace', v.namespace ?? undefined],
        ['mount', v.mount],
        ['kv version', String(v.kv_version)],
        ['ca cert', v.ca_cert ? 'set' : undefined],
        ['cache ttl', `${v.cache_ttl_seconds} s`],
        ['timeout', `${v.timeout_ms} ms`],
        ['version', String(v.version)],
        ['updated', v.updated_at],
      ]);

const formatVaultCheck = (c: VaultCheck) =>
  record([
    ['reachable', c.reachable ? 'yes' : 'no'],
    ['initialized', c.initialized ? 'yes' : 'no'],
    ['sealed', c.sealed ? 'yes' : 'no'],
    ['authenticated', c.authenticated ? 'yes' : 'no'],
    ['version', c.version],
    ['message', c.message],
    ['reason', c.reason],
  ]);

function registerTokens(program: Command) {
  const tokens = program.command('tokens').description("API tokens of the caller's workspace (admin)");
  remote(
    tokens
      .command('create <name>')
      .description('create a token; its secret is printed once')
      .option('--role <role>', ROLES.join(' | '))
      .option('--reveal', 'may see secret values with resolve --reveal')
      .option('--expires-in <seconds>', 'lifetime in seconds (at least 60)', wholeNumber('--expires-in')),
    async ({ client, json, options, args }) => {
      if (!ROLES.includes(options.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const created = await client.tokens.create({
        name: args[0] as string,
        role: options.role,
        ...(options.reveal ? { reveal: true } : {}),
        ...(options.expiresIn !== undefined ? { expires_in_seconds: options.expiresIn } : {}),
      });
      print(json, created, (t) =>
        formatCreatedToken(t, `Token '${t.name}' (${t.role}${t.reveal ? ', reveal' : ''}) created: ${t.id}`),
      );
    },
  );
  remote(tokens.command('list').description('list tokens (never their secrets)'), async ({ client, json }) =>
    print(json, await client.tokens.list(), formatTokens),
  );
  remote(tokens.command('revoke <id>').description('revoke a token'), async ({ client, json, args }) => {
    await client.tokens.revoke(args[0] as string);
    print(json, { id: args[0], revoked: true }, () => `${args[0]}: revoked`);
  });
}

function registerWorkspaces(program: Command) {
  const workspaces = program.command('workspaces').description('workspaces (admins of default only)');
  remote(
    workspaces
      .command('create <name>')
      .description('create a workspace; its first admin token is printed once'),
    async ({ client, json, args }) => {
      const created = await client.workspaces.create(args[0] as string);
      print(json, created, ({ workspace, token }) =>
        formatCreatedToken(token, `Workspace '${workspace.name}' created with admin token ${token.id}.`),
      );
    },
  );
  remote(workspaces.command('list').description('list workspaces'), async ({ client, json }) =>
    print(json, await client.workspaces.list(), ({ items }: { items: Workspace[] }) =>
      table(
        ['NAME', 'CREATED'],
        items.map((w) => [w.name, w.created_at]),
      ),
    ),
  );
}

function registerAuditList(program: Command) {
  const audit =
    program.commands.find((c) => c.name() === 'audit') ?? program.command('audit').description('audit log');
  remote(
    audit
      .command('list')
      .description("the workspace's audit events through the API, newest first (admin)")
      .option('--tag <tag>', 'of this connection')
      .option('--action <action>', 'e.g. connection.resolve')
      .option('--limit <n>', 'page size', wholeNumber('--limit'))
      .option('--cursor <cursor>', 'the next page'),
    async ({ client, json, options }) =>
      print(
        json,
        await client.audit.list({
          tag: options.tag,
          action: options.action,
          limit: options.limit,
          cursor: options.cursor,
        }),
        formatAudit,
      ),
  );
}

/** The PUT /v1/vault body: -f file, then flags; whatever neither gives keeps its stored value. */
async function vaultBody({ client, options }: RemoteContext): Promise<VaultConfigInput> {
  const body: Record<string, unknown> = options.file ? readObjectFile(options.file) : {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  set('address', options.address);
  set('namespace', options.namespace);
  set('mount', options.mount);
  set('kv_version', options.kvVersion);
  set('ca_cert', options.caCertFile ? readTextFile(options.caCertFile, '--ca-cert-file') : undefined);
  set('cache_ttl_seconds', options.cacheTtl);
  set('timeout_ms', options.timeoutMs);
  if (options.roleId !== undefined || options.secretId !== undefined) {
    body.auth = { method: 'approle', role_id: options.roleId, secret_id: options.secretId ?? null };
  } else if (options.vaultToken !== undefined) {
    body.auth = { method: 'token', token: options.vaultToken };
  }
  const current = await client.vault.get();
  if (current) {
    const kept = [
      'address',
      'namespace',
      'mount',
      'kv_version',
      'ca_cert',
      'cache_ttl_seconds',
      'timeout_ms',
    ] as const;
    for (const key of kept) if (!(key in body)) body[key] = current[key];
  }
  if (body.auth === undefined && current) {
    body.auth =
      current.auth.method === 'token'
        ? { method: 'token', token: null }
        : { method: 'approle', role_id: current.auth.role_id, secret_id: null };
  }
  if (body.address === undefined || body.auth === undefined) {
    throw new UsageError('give --address and --vault-token (or --role-id/--secret-id), or -f file');
  }
  return body as VaultConfigInput;
}

function registerVault(program: Command) {
  const vault = program.command('vault').description("the workspace's Vault integration (admin)");
  remote(
    vault
      .command('configure')
      .description('configure Vault; settings and secrets left out keep their stored values')
      .option('-f, --file <file>', 'the PUT /v1/vault body as JSON or YAML')
      .option('--address <url>', 'e.g. https://vault.example.com:8200')
      .option('--vault-token <token>', 'token auth (global --token is the Patchbay token)')
      .option('--role-id <id>', 'AppRole role id')
      .option('--secret-id <id>', 'AppRole secret id')
      .option('--namespace <ns>', 'Vault Enterprise namespace')
      .option('--mount <mount>', 'KV mount (default secret)')
      .option('--kv-version <n>', '1 or 2', wholeNumber('--kv-version'))
      .option('--ca-cert-file <file>', 'PEM file of the CA that signed Vault’s certificate')
      .option('--cache-ttl <seconds>', 'how long secrets are cached', wholeNumber('--cache-ttl'))
      .option('--timeout-ms <ms>', 'request timeout', wholeNumber('--timeout-ms')),
    async (context) =>
      print(context.json, await context.client.vault.configure(await vaultBody(context)), formatVaultConfig),
  );
  remote(
    vault
      .command('check')
      .description('reachability, seal state, authentication (exit 1 unless authenticated)'),
    async ({ client, json }) => {
      const check = await client.vault.check();
      print(json, check, formatVaultCheck);
      if (!check.authenticated) process.exitCode = 1;
    },
  );
  remote(
    vault.command('show').description('the configuration (secrets only as set/not set)'),
    async ({ client, json }) => print(json, await client.vault.get(), formatVaultConfig),
  );
}

/** Tokens, workspaces, audit list and Vault: the admin's commands. */
export function registerAdminCommands(program: Command) {
  registerTokens(program);
  registerWorkspaces(program);
  registerAuditList(program);
  registerVault(program);
}
