/**
 * LDAP sessions with ldapts: the client connects to the egress guard's address with the host name as TLS
 * server name, STARTTLS happens before any bind, and result codes become messages naming the input to fix.
 */

import { isIP } from 'node:net';
import { Client, type Entry, InvalidCredentialsError, NoSuchObjectError, ResultCodeError } from 'ldapts';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { deadlineFailure, describeNetError, errorMessage, toJsonValue } from '../../task-kit/task-support.js';
import type { LdapInputs } from './ldap-type.js';
import { addressUrl, type LdapTarget } from './ldap-url.js';

/** The JSON text of all entries may not pass this size. */
export const MAX_RESULT_BYTES = 10 * 1024 * 1024;

export interface LdapEntry {
  dn: string;
  attributes: Record<string, unknown[]>;
}

/** Connects (TLS for ldaps, then STARTTLS when asked); nothing secret is sent before this resolves. */
export async function openLdap(
  target: LdapTarget,
  address: string,
  inputs: LdapInputs,
  ctx: TypeContext,
): Promise<Client> {
  // an IP literal is verified as the connect address; a name is sent as SNI and checked against the certificate
  const tlsOptions = isIP(target.host) ? {} : { servername: target.host };
  const client = new Client({
    url: addressUrl(target, address),
    timeout: ctx.timeoutMs,
    connectTimeout: Math.max(1, Math.floor(ctx.timeoutMs * 0.8)),
    // ldapts speaks TLS from the first byte whenever tlsOptions is given, so only for ldaps://
    ...(target.secure ? { tlsOptions } : {}),
    strictDN: false,
  });
  ctx.signal.addEventListener('abort', () => void client.unbind().catch(() => undefined), { once: true });
  try {
    if (inputs.starttls && !target.secure) await client.startTLS(tlsOptions);
    else if (target.secure)
      await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] });
    return client;
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw ldapFailure(error, target, inputs, ctx);
  }
}

export async function bind(
  client: Client,
  target: LdapTarget,
  inputs: LdapInputs,
  ctx: TypeContext,
): Promise<string> {
  if (!inputs.bind_dn) return 'no bind_dn: anonymous';
  try {
    await client.bind(inputs.bind_dn, inputs.bind_password ?? '');
    return `bound as '${inputs.bind_dn}'`;
  } catch (error) {
    throw ldapFailure(error, target, inputs, ctx);
  }
}

/** Reads the root DSE; its naming contexts help a user fix a wrong base_dn. */
export async function namingContexts(
  client: Client,
  target: LdapTarget,
  inputs: LdapInputs,
  ctx: TypeContext,
): Promise<string[]> {
  try {
    const { searchEntries } = await client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['namingContexts'],
    });
    return ([] as unknown[]).concat(searchEntries[0]?.namingContexts ?? []).map(String);
  } catch (error) {
    throw ldapFailure(error, target, inputs, ctx);
  }
}

/** Runs the search; a missing base DN names the server's naming contexts. */
export async function search(
  client: Client,
  target: LdapTarget,
  inputs: LdapInputs,
  ctx: TypeContext,
): Promise<LdapEntry[]> {
  const base = inputs.base_dn ?? '';
  try {
    const { searchEntries } = await client.search(base, {
      scope: inputs.scope,
      filter: inputs.filter,
      attributes: inputs.attributes,
      sizeLimit: inputs.size_limit,
    });
    // the server stops at sizeLimit (ldapts keeps what came); a root DN has no limit, so cut here too
    const entries = searchEntries.slice(0, inputs.size_limit).map(entryOf);
    if (JSON.stringify(entries).length > MAX_RESULT_BYTES) {
      throw new TaskFailure(
        'result_too_large',
        `the search returned more than ${MAX_RESULT_BYTES} bytes; narrow filter or attributes, or lower size_limit`,
      );
    }
    return entries;
  } catch (error) {
    if (error instanceof NoSuchObjectError) {
      const known = await namingContexts(client, target, inputs, ctx).catch(() => []);
      throw baseDnFailure(base, target, known);
    }
    throw ldapFailure(error, target, inputs, ctx);
  }
}

export function baseDnFailure(base: string, target: LdapTarget, known: string[]): TaskFailure {
  const hint = known.length ? `the server's naming contexts are ${known.join(', ')}` : 'check the spelling';
  return new TaskFailure('not_found', `base_dn '${base}' does not exist on ${target.where}; ${hint}`);
}

function entryOf(entry: Entry): LdapEntry {
  const { dn, ...rest } = entry;
  const attributes = Object.fromEntries(
    Object.entries(rest).map(([name, v]) => [name, ([] as unknown[]).concat(v).map(toJsonValue)]),
  );
  return { dn, attributes };
}

function ldapFailure(error: unknown, target: LdapTarget, inputs: LdapInputs, ctx: TypeContext): TaskFailure {
  if (error instanceof TaskFailure) return error;
  if (ctx.signal.aborted) return deadlineFailure(`LDAP at ${target.where}`, ctx.timeoutMs);
  if (error instanceof InvalidCredentialsError) {
    return new TaskFailure(
      'auth_failed',
      `${target.where} refused the bind as '${inputs.bind_dn}': wrong bind_password or unknown bind_dn`,
    );
  }
  if (error instanceof ResultCodeError) {
    return new TaskFailure(
      'ldap_error',
      `${target.where} answered result code ${error.code}: ${errorMessage(error)}`,
    );
  }
  const net = describeNetError(error, target.where);
  if (net?.code === 'timeout' && (target.secure || inputs.starttls)) {
    return new TaskFailure(
      'tls_failed',
      `${target.where} did not complete TLS; check that the port speaks ${target.secure ? 'ldaps' : 'STARTTLS'}`,
    );
  }
  return net ?? new TaskFailure('connect_failed', `LDAP at ${target.where} failed: ${errorMessage(error)}`);
}
