import type { Client } from 'ldapts';
import type { CheckResult, TypeContext, TypeDescriptor } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { objectSchema, secret, str, target } from '../../task-kit/schema.js';
import {
  checkReachable,
  errorMessage,
  outcomeOf,
  redact,
  runCheck,
  schemaSecrets,
  scrubOutput,
} from '../../task-kit/task-support.js';
import { bind, type LdapInputs, namingContexts, openLdap, search } from './ldap-run.js';
import { parseLdapUrl } from './ldap-url.js';

const inputSchema = objectSchema(
  {
    url: target('ldap://host[:port] or ldaps://host[:port]', { pattern: '^ldaps?://' }),
    starttls: {
      type: 'boolean',
      default: false,
      'x-target': true,
      description: 'Upgrade ldap:// with STARTTLS before binding',
    },
    bind_dn: str('DN to bind as (empty: anonymous)'),
    bind_password: secret('Password of bind_dn'),
    base_dn: str('Base DN of the search (validate checks that it exists)'),
    filter: str('LDAP filter', { default: '(objectClass=*)' }),
    scope: { type: 'string', enum: ['base', 'one', 'sub'], default: 'sub', description: 'Search scope' },
    attributes: {
      type: 'array',
      items: { type: 'string' },
      description: 'Attributes to return (default: all user attributes)',
    },
    size_limit: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 100,
      description: 'Most entries returned',
    },
  },
  ['url'],
);

/**
 * An LDAP directory; connect runs a search and returns the entries.
 *
 * @example
 * { url: 'ldaps://ldap.internal', bind_dn: 'cn=reader,dc=example,dc=org', bind_password: '…', base_dn: 'ou=people,dc=example,dc=org', filter: '(uid=ada)' }
 * → { entries: [{ dn: 'uid=ada,ou=people,dc=example,dc=org', attributes: { cn: ['Ada'] } }] }
 */
export const ldapType: TypeDescriptor = {
  id: 'ldap',
  kind: 'task',
  displayName: 'LDAP directory',
  shortName: 'LDAP',
  description:
    'An LDAP server (ldaps:// or STARTTLS, simple bind); connect runs a search and returns the entries.',
  inputSchema,
  defaultScopes: [],
  commands: ['search'],
  validate: (inputs, ctx) => validateLdap(inputs as unknown as LdapInputs, ctx),
  execute: (inputs, ctx) => executeLdap(inputs as unknown as LdapInputs, ctx),
};

const secretsOf = (inputs: LdapInputs) => schemaSecrets(inputSchema, inputs);

async function validateLdap(inputs: LdapInputs, ctx: TypeContext) {
  const secrets = secretsOf(inputs);
  const checks: CheckResult[] = [];
  let target: ReturnType<typeof parseLdapUrl>;
  try {
    target = parseLdapUrl(inputs.url);
  } catch (error) {
    checks.push({ name: 'url', ok: false, detail: errorMessage(error), duration_ms: 0 });
    return outcomeOf(checks);
  }
  const address = await checkReachable(
    checks,
    { host: target.host, port: target.port, timeoutMs: ctx.timeoutMs },
    ctx,
    secrets,
  );
  if (address === undefined) return outcomeOf(checks);
  let client: Client | undefined;
  const tls = target.secure || inputs.starttls;
  const steps: [string, () => Promise<string>][] = [
    [
      tls ? 'tls' : 'session',
      async () => {
        client = await openLdap(target, address, inputs, ctx);
        return tls
          ? `TLS to ${target.where} verified for ${target.host}`
          : `connected to ${target.where} (no TLS)`;
      },
    ],
    ['bind', () => bind(client!, target, inputs, ctx)],
    [
      'root_dse',
      async () =>
        `naming contexts: ${(await namingContexts(client!, target, inputs, ctx)).join(', ') || '(none)'}`,
    ],
  ];
  if (inputs.base_dn) {
    const base = inputs.base_dn;
    steps.push([
      'base_dn',
      async () => {
        await search(
          client!,
          target,
          { ...inputs, scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'], size_limit: 1 },
          ctx,
        );
        return `'${base}' exists`;
      },
    ]);
  }
  for (const [name, run] of steps) if (!(await runCheck(checks, name, run, secrets))) break;
  await client?.unbind().catch(() => undefined);
  return outcomeOf(checks);
}

async function executeLdap(inputs: LdapInputs, ctx: TypeContext) {
  const secrets = secretsOf(inputs);
  let client: Client | undefined;
  try {
    const target = parseLdapUrl(inputs.url);
    const [address = ''] = await ctx.egress.check(target.host);
    client = await openLdap(target, address, inputs, ctx);
    await bind(client, target, inputs, ctx);
    return scrubOutput({ entries: await search(client, target, inputs, ctx) }, secrets, ctx);
  } catch (error) {
    if (error instanceof TaskFailure) throw new TaskFailure(error.code, redact(error.message, secrets));
    throw new TaskFailure('task_failed', redact(errorMessage(error), secrets));
  } finally {
    await client?.unbind().catch(() => undefined);
  }
}
