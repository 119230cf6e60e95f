/** Turns git's stderr into a TaskFailure whose message says what to fix. */
import { type CallSecrets, TaskFailure } from '../../domain/type-descriptor.js';
import type { GitRemote } from './git-url.js';

export interface GitErrorContext {
  remote: GitRemote;
  hasPassword: boolean;
  hasKey: boolean;
  username?: string;
  /** the call's secrets: stderr is masked before it is cut into lines (a private key spans lines) */
  secrets: CallSecrets;
}

const RULES: { test: RegExp; code: string; message: (c: GitErrorContext) => string }[] = [
  {
    test: /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No \S+ host key is known/i,
    code: 'hostkey_mismatch',
    message: (c) => `the ssh server at ${where(c)} presented a host key that does not match ssh_hostkey`,
  },
  {
    test: /Permission denied \((publickey|password|keyboard)/i,
    code: 'auth_failed',
    message: (c) =>
      `the ssh server at ${where(c)} refused ${c.hasKey ? 'ssh_key' : c.hasPassword ? 'the password' : 'the login (no ssh_key is set)'}; ` +
      'check the user in repository_url and that the public key is authorized',
  },
  {
    test: /Authentication failed|could not read (Username|Password)|HTTP Basic: Access denied|returned error: 40[13]|Invalid username or password/i,
    code: 'auth_failed',
    message: (c) =>
      c.hasPassword
        ? `${c.remote.display} refused the credentials of user '${c.username ?? 'x-access-token'}'; check username and password (or the access token)`
        : `${c.remote.display} needs credentials; set username and password (or an access token as password)`,
  },
  {
    test: /Could not resolve host|Could not resolve hostname|Name or service not known|unable to look up/i,
    code: 'unknown_host',
    message: (c) => `unknown host '${c.remote.host}' in repository_url; check the host name`,
  },
  {
    test: /Connection refused|Failed to connect|unable to connect|couldn't connect/i,
    code: 'connection_refused',
    message: (c) => `connection refused by ${where(c)}: no git server listens there; check host and port`,
  },
  {
    test: /timed out/i,
    code: 'timeout',
    message: (c) => `connecting to ${where(c)} timed out; check host, port and firewalls`,
  },
  {
    test: /SSL certificate problem|server certificate verification failed|unable to get local issuer|SSL: |gnutls_handshake|OpenSSL SSL_/i,
    code: 'tls_failed',
    message: (c) =>
      `TLS to ${where(c)} failed: the server's certificate is not trusted for '${c.remote.host}'; fix the certificate or the URL`,
  },
  {
    test: /couldn't find remote ref|Could not find remote branch|not our ref|no such remote ref/i,
    code: 'ref_not_found',
    message: (c) => `the ref was not found in ${c.remote.display}`,
  },
  {
    test: /repository .*not found|no such repository|does not appear to be a git repository|not a git repository|returned error: 404|No such file or directory|access denied or repository not exported/i,
    code: 'repository_not_found',
    message: (c) => `no git repository at ${c.remote.display}; check repository_url`,
  },
  {
    test: /returned error: 30[1-8]/i,
    code: 'unexpected_status',
    message: (c) => `${c.remote.display} redirects, and redirects are not followed; use the final URL`,
  },
];

/** The failure for a git run that exited non-zero. */
export function gitFailure(stderr: string, context: GitErrorContext): TaskFailure {
  const rule = RULES.find((r) => r.test.test(stderr));
  if (rule) return new TaskFailure(rule.code, rule.message(context));
  return new TaskFailure(
    'task_failed',
    `git failed for ${context.remote.display}: ${lastLines(stderr, context.secrets)}`,
  );
}

const where = (c: GitErrorContext): string => `${c.remote.host}:${c.remote.port}`;

function lastLines(stderr: string, secrets: CallSecrets): string {
  const lines = secrets
    .redact(stderr)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-3).join(' / ') || 'no error output';
}
