/**
 * The ldap task type against a real OpenLDAP slapd (test/support/slapd.ts, installed by
 * scripts/prepare.d/30-task-servers.sh) with a seeded tree: simple bind as the root DN and as a person,
 * searches, ldaps:// and STARTTLS with a test CA (trusted in a child process through
 * NODE_EXTRA_CA_CERTS, untrusted here), and each failure mode: wrong password, bad base DN, TLS failure,
 * a URL two parsers could read differently, egress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { ldapType } from '../../src/types/ldap/ldap-type.js';
import { runTrusting } from '../support/run-trusting.js';
import { SLAPADD, SLAPD, type Slapd, startSlapd } from '../support/slapd.js';
import { requireBinaries } from '../support/task-servers.js';
import { runExecute, runValidate, type TypeContextOverrides, withDefaults } from '../support/type-context.js';

const CANARY = 'canary-ldap-8e1b44f0';
const USER_CANARY = 'canary-ldap-user-2d9c';
const problem = requireBinaries('ldap task type', [SLAPD, SLAPADD]);

let ldap: Slapd;
const base = (extra: JsonObject = {}): JsonObject =>
  withDefaults(ldapType, {
    url: ldap.url,
    bind_dn: ldap.adminDn,
    bind_password: CANARY,
    base_dn: ldap.suffix,
    ...extra,
  });
const validate = (extra: JsonObject, o: TypeContextOverrides = {}) => runValidate(ldapType, base(extra), o);
const execute = (extra: JsonObject, o: TypeContextOverrides = {}) => runExecute(ldapType, base(extra), o);

async function failure(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  expect((error as Error).message).not.toContain(CANARY);
  return error as TaskFailure;
}

describe.skipIf(problem !== undefined)('ldap task type', () => {
  beforeAll(async () => {
    ldap = await startSlapd(CANARY, USER_CANARY);
  });
  afterAll(async () => {
    await ldap?.stop();
  });

  it('validates: resolve, connect, session, bind, root DSE, base DN', async () => {
    const outcome = await validate({});
    expect(outcome).toMatchObject({ valid: true, message: null });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['resolve', true],
      ['connect', true],
      ['session', true],
      ['bind', true],
      ['root_dse', true],
      ['base_dn', true],
    ]);
    expect(outcome.checks.find((c) => c.name === 'root_dse')?.detail).toBe(`naming contexts: ${ldap.suffix}`);
  });

  it('searches with filter, scope and attributes', async () => {
    const out = await execute({
      base_dn: `ou=people,${ldap.suffix}`,
      filter: '(uid=ada)',
      attributes: ['cn', 'mail'],
    });
    expect(out).toEqual({
      entries: [{ dn: ldap.userDn, attributes: { cn: ['Ada Lovelace'], mail: ['ada@example.org'] } }],
    });
    const one = (await execute({
      base_dn: `ou=people,${ldap.suffix}`,
      scope: 'one',
      attributes: ['uid'],
    })) as {
      entries: { dn: string }[];
    };
    expect(one.entries.map((e) => e.dn).sort()).toEqual([ldap.userDn, `uid=alan,ou=people,${ldap.suffix}`]);
  });

  it('size_limit caps the entries, for a limited user and for the unlimited root DN', async () => {
    const all = (await execute({})) as { entries: unknown[] };
    expect(all.entries).toHaveLength(4);
    expect(((await execute({ size_limit: 2 })) as { entries: unknown[] }).entries).toHaveLength(2);
    const person = { bind_dn: ldap.userDn, bind_password: USER_CANARY, size_limit: 1 };
    expect(((await execute(person)) as { entries: unknown[] }).entries).toHaveLength(1);
  });

  it('binds as a person with its own password; anonymous binds read but see no userPassword', async () => {
    expect((await validate({ bind_dn: ldap.userDn, bind_password: USER_CANARY })).valid).toBe(true);
    const out = await execute({ bind_dn: undefined, bind_password: undefined, filter: '(uid=ada)' });
    expect(JSON.stringify(out)).not.toContain('userPassword');
  });

  it('wrong password: bind fails, saying to check bind_password or bind_dn', async () => {
    const outcome = await validate({ bind_password: 'wrong-password' });
    expect(outcome.valid).toBe(false);
    expect(outcome.checks.at(-1)).toMatchObject({ name: 'bind', ok: false });
    expect(outcome.message).toBe(
      `${ldap.url.slice(7)} refused the bind as '${ldap.adminDn}': wrong bind_password or unknown bind_dn`,
    );
    expect((await failure(execute({ bind_password: 'wrong-password' }))).code).toBe('auth_failed');
  });

  it('bad base DN: validation and search name the naming contexts to use', async () => {
    const outcome = await validate({ base_dn: 'dc=nope,dc=org' });
    expect(outcome.checks.at(-1)).toMatchObject({ name: 'base_dn', ok: false });
    expect(outcome.message).toBe(
      `base_dn 'dc=nope,dc=org' does not exist on ${ldap.url.slice(7)}; the server's naming contexts are ${ldap.suffix}`,
    );
    const error = await failure(execute({ base_dn: `ou=nobody,${ldap.suffix}` }));
    expect(error.code).toBe('not_found');
  });

  it('ldaps:// and STARTTLS with a trusted CA: validate and search (child process trusting the test CA)', async () => {
    const [ldaps, starttls] = await runTrusting(ldap.pki.caCert, [
      { type: 'ldap', method: 'validate', inputs: base({ url: ldap.ldapsUrl }) },
      {
        type: 'ldap',
        method: 'execute',
        inputs: base({ starttls: true, filter: '(uid=alan)', attributes: ['cn'] }),
      },
    ]);
    expect(ldaps?.result).toMatchObject({ valid: true });
    expect(JSON.stringify(ldaps?.result)).toContain('"name":"tls","ok":true');
    expect(starttls?.result).toEqual({
      entries: [{ dn: `uid=alan,ou=people,${ldap.suffix}`, attributes: { cn: ['Alan Turing'] } }],
    });
  });

  it('TLS failure: an untrusted certificate fails before the bind, for ldaps:// and STARTTLS', async () => {
    const outcome = await validate({ url: ldap.ldapsUrl });
    expect(outcome.checks.at(-1)).toMatchObject({ name: 'tls', ok: false });
    expect(outcome.message).toMatch(/^TLS to 127\.0\.0\.1:\d+ failed: .*certificate/);
    expect((await failure(execute({ starttls: true }))).code).toBe('tls_failed');
  });

  it('a URL with userinfo, a path or a backslash is refused as invalid_input', async () => {
    for (const url of [
      'ldap://cn=x:pw@127.0.0.1',
      `${ldap.url}/dc=example`,
      'ldap://127.0.0.1\\@evil',
      'http://127.0.0.1',
    ]) {
      const error = await failure(execute({ url }));
      expect(error.code).toBe('invalid_input');
    }
    const outcome = await validate({ url: 'ldap://u:p@127.0.0.1' });
    expect(outcome.checks).toMatchObject([{ name: 'url', ok: false }]);
  });

  it('nothing listening is connection_refused', async () => {
    const outcome = await validate({ url: 'ldap://127.0.0.1:1' });
    expect(outcome.message).toContain('connection refused');
  });

  it('a host resolving to the metadata address is refused by the egress guard', async () => {
    const resolve = async () => ['169.254.169.254'];
    const error = await failure(execute({ url: 'ldap://directory.example' }, { resolve }));
    expect(error.code).toBe('egress_denied');
  });

  it('an entry attribute holding the bind password is scrubbed from the output', async () => {
    const out = await execute({ filter: `(description=${CANARY})` });
    expect(out).toEqual({ entries: [] });
    // the search filter itself echoes nowhere; a server error that quotes it is scrubbed too
    const error = await failure(execute({ filter: `(${CANARY}` }));
    expect(error.message).not.toContain(CANARY);
  });
});
