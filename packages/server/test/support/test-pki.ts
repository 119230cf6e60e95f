/**
 * Certificates for TLS tests, made with the `openssl` CLI (node:crypto cannot issue X.509): a throw-away
 * CA and a server certificate for 127.0.0.1/localhost signed by it. A client that is not given `caCert`
 * sees an untrusted certificate, which is what the "TLS failure" cases need.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away CA and a server certificate for 127.0.0.1/localhost signed by it (PEM). */
export interface TestPki {
  caCert: string;
  key: string;
  cert: string;
}

/** Makes a test CA and a server certificate with the `openssl` CLI. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-test-pki-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=Patchbay Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    openssl(
      'req',
      ...ec,
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
      '-subj',
      '/CN=localhost',
    );
    writeFileSync(
      file('ext.cnf'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file('server.pem'),
      '-days',
      '2',
      '-extfile',
      file('ext.cnf'),
    );
    const read = (name: string) => readFileSync(file(name), 'utf8');
    return { caCert: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
