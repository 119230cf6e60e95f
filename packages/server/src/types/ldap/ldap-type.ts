import type { Client } from 'ldapts';
import type { CheckResult, TypeContext, TypeDescriptor } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { type NamedCheck, validateInSteps } from '../../task-kit/check-step.js';
import {
  objectSchema,
  oneOf,
  opt,
  type Static,
  secret,
  str,
  strings,
  Type,
  target,
  tlsSwitch,
} from '../../task-kit/schema.js';
import { errorMessage, outcomeOf } from '../../task-kit/task-support.js';
import { bind, namingContexts, openLdap, search } from './ldap-run.js';
import { parseLdapUrl } from './ldap-url.js';

const inputSchema = objectSchema({
  url: target('ldap://host[:port] or ldaps://host[:port]', { pattern: '^ldaps?://' }),
  starttls: tlsSwitch('Upgrade ldap:// with STARTTLS before binding'),
  bind_dn: opt(str('DN to bind as (empty: anonymous)')),
  bind_password: opt(secret('Password of bind_dn')),
  base_dn: opt(str('Base DN of the search (validate checks that it exists)')),
  filter: str('LDAP filter', { default: '(objectClass=*)' }),
  scope: oneOf(['base', 'one', 'sub'], { default: 'sub', description: 'Search scope' }),
  attributes: opt(strings('Attributes to return (default: all user attributes)')),
  size_limit: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 100,
    description: 'Most entries returned',
  }),
});

export type LdapInputs = Static<typeof inputSchema>;

/**
 * An LDAP directory; connect runs a search and returns the entries.
 *
 * @example
 * { url: 'ldaps://ldap.internal', bind_dn: 'cn=reader,dc=example,dc=org', bind_password: '…', base_dn: 'ou=people,dc=example,dc=org', filter: '(uid=ada)' }
 * → { entries: [{ dn: 'uid=ada,ou=people,dc=example,dc=org', attributes: { cn: ['Ada'] } }] }
 */
export const ldapType: TypeDescriptor<typeof inputSchema> = {
  id: 'ldap',
  kind: 'task',
  displayName: 'LDAP directory',
  shortName: 'LDAP',
  description:
    'An LDAP server (ldaps:// or STARTTLS, simple bind); connect runs a search and returns the entries.',
  inputSchema,
  defaultScopes: [],
  commands: ['search'],
  validate: validateLdap,
  execute: executeLdap,
};

async function validateLdap(inputs: LdapInputs, ctx: TypeContext) {
  const checks: CheckResult[] = [];
  let target: ReturnType<typeof parseLdapUrl>;
  try {
    target = parseLdapUrl(inputs.url);
  } catch (error) {
    checks.push({ name: 'url', ok: false, detail: errorMessage(error), duration_ms: 0 });
    return outcomeOf(checks);
  }
  let client: Client | undefined;
  const tls = target.secure || inputs.starttls;
  const base = inputs.base_dn;
  const baseExists = async () => {
    const probe: LdapInputs = {
      ...inputs,
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['1.1'],
      size_limit: 1,
    };
    await search(client!, target, probe, ctx);
    return `'${base}' exists`;
  };
  const steps = (address: string): NamedCheck[] => [
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
    ...(base ? [['base_dn', baseExists] satisfies NamedCheck] : []),
  ];
  const reach = { host: target.host, port: target.port, timeoutMs: ctx.timeoutMs };
  return validateInSteps(reach, ctx, steps, () => client?.unbind(), checks);
}

async function executeLdap(inputs: LdapInputs, ctx: TypeContext) {
  let client: Client | undefined;
  try {
    const target = parseLdapUrl(inputs.url);
    const [address = ''] = await ctx.egress.check(target.host);
    client = await openLdap(target, address, inputs, ctx);
    await bind(client, target, inputs, ctx);
    // a result past the byte cap is refused, never cut, so the runner's one scrub masks it whole
    return { entries: await search(client, target, inputs, ctx) };
  } catch (error) {
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure('task_failed', errorMessage(error));
  } finally {
    await client?.unbind().catch(() => undefined);
  }
}
