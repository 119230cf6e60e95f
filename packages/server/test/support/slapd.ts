/**
 * A real OpenLDAP slapd for the ldap suite: a slapd.conf (mdb backend, core/cosine/inetorgperson
 * schemas) and a seeded tree in a temp dir loaded with slapadd, served on free loopback ports as
 * ldap:// (STARTTLS offered) and ldaps:// with a certificate from a test CA.
 *
 * @example
 * const ldap = await startSlapd('secret');
 * await ldapType.execute!({ url: ldap.url, bind_dn: ldap.adminDn, bind_password: 'secret', base_dn: ldap.suffix }, ctx);
 * await ldap.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, stopChild, type TestPki, waitForPort } from './task-servers.js';
import { freePort } from './type-context.js';

export const SLAPD = '/usr/sbin/slapd';
export const SLAPADD = '/usr/sbin/slapadd';

export interface Slapd {
  url: string;
  ldapsUrl: string;
  suffix: string;
  adminDn: string;
  /** a person entry with its own password */
  userDn: string;
  pki: TestPki;
  stop(): Promise<void>;
}

const SUFFIX = 'dc=example,dc=org';

function seed(userPassword: string): string {
  return `dn: ${SUFFIX}
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,${SUFFIX}
objectClass: organizationalUnit
ou: people

dn: uid=ada,ou=people,${SUFFIX}
objectClass: inetOrgPerson
uid: ada
cn: Ada Lovelace
sn: Lovelace
mail: ada@example.org
userPassword: ${userPassword}

dn: uid=alan,ou=people,${SUFFIX}
objectClass: inetOrgPerson
uid: alan
cn: Alan Turing
sn: Turing
mail: alan@example.org
`;
}

export async function startSlapd(adminPassword: string, userPassword: string): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-slapd-'));
  const pki = createTestPki();
  writeFileSync(join(dir, 'server.pem'), pki.cert);
  writeFileSync(join(dir, 'server.key'), pki.key, { mode: 0o600 });
  mkdirSync(join(dir, 'db'));
  const conf = [
    ...['core', 'cosine', 'inetorgperson'].map((s) => `include /etc/ldap/schema/${s}.schema`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `TLSCertificateFile ${join(dir, 'server.pem')}`,
    `TLSCertificateKeyFile ${join(dir, 'server.key')}`,
    'database mdb',
    `suffix "${SUFFIX}"`,
    `rootdn "cn=admin,${SUFFIX}"`,
    `rootpw ${adminPassword}`,
    `directory ${join(dir, 'db')}`,
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by * read',
  ].join('\n');
  writeFileSync(join(dir, 'slapd.conf'), `${conf}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'seed.ldif'), seed(userPassword), { mode: 0o600 });
  execFileSync(SLAPADD, ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'seed.ldif')], { stdio: 'pipe' });
  const [port, ldapsPort] = [await freePort(), await freePort()];
  const urls = `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${ldapsPort}/`;
  // -d keeps slapd in the foreground, so the test owns the process
  const child: ChildProcess = spawn(SLAPD, ['-d', '0', '-f', join(dir, 'slapd.conf'), '-h', urls], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  await waitForPort('slapd', port, child, () => log);
  await waitForPort('slapd (ldaps)', ldapsPort, child, () => log);
  return {
    url: `ldap://127.0.0.1:${port}`,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    suffix: SUFFIX,
    adminDn: `cn=admin,${SUFFIX}`,
    userDn: `uid=ada,ou=people,${SUFFIX}`,
    pki,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
