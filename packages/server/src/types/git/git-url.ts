/** Parsing of a git repository URL into the transport, the host to check and a form safe to show. */
import { TaskFailure } from '../../domain/type-descriptor.js';

export type GitTransport = 'http' | 'https' | 'ssh' | 'git';

export interface GitRemote {
  transport: GitTransport;
  host: string;
  port: number;
  /** the URL without any password, for messages */
  display: string;
  /** the canonical form that was checked, as given to git (never the string as written) */
  url: string;
}

const DEFAULT_PORTS: Record<GitTransport, number> = { http: 80, https: 443, ssh: 22, git: 9418 };
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const AMBIGUOUS = /[\\\u0000-\u001f\u007f-\u009f\s]/;
const SCP_LIKE = /^(?:([^@/:\s]+)@)?([^@/:\s[\]]+|\[[0-9a-fA-F:.]+\]):(?!\/\/)(.+)$/;

/**
 * Accepts https://, http://, ssh://, git:// and scp-like `user@host:path` URLs only: local paths,
 * file:// and ext:: would let a connection read the server's own disk or run commands.
 */
export function parseRemote(url: string): GitRemote {
  const trimmed = url.trim();
  // `transport::address` runs a remote helper (ext:: runs a command): never accepted; a backslash or
  // a control character makes libcurl and the WHATWG parser see different hosts (SPEC 7)
  if (trimmed.startsWith('-') || /^[a-z][a-z0-9+.-]*::/i.test(trimmed) || AMBIGUOUS.test(trimmed)) {
    throw invalid(url);
  }
  const scp = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? null : SCP_LIKE.exec(trimmed);
  if (scp) {
    const host = unbracket(scp[2] ?? '');
    if (host.startsWith('-') || host === '') throw invalid(url);
    return { transport: 'ssh', host, port: 22, display: trimmed, url: trimmed };
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw invalid(url);
  }
  const transport = parsed.protocol.replace(/:$/, '') as GitTransport;
  if (!(transport in DEFAULT_PORTS) || parsed.hostname === '' || parsed.hostname.startsWith('-')) {
    throw invalid(url);
  }
  // a password belongs in the password input, where it is sealed and scrubbed
  if (parsed.password !== '') throw invalid(url);
  return {
    transport,
    host: unbracket(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : DEFAULT_PORTS[transport],
    display: parsed.href,
    url: parsed.href,
  };
}

/** The URL with its host replaced by the checked address (git:// has no TLS or host key to verify). */
export function withAddress(remote: GitRemote, address: string): string {
  const parsed = new URL(remote.url);
  parsed.hostname = address.includes(':') ? `[${address}]` : address;
  return parsed.href;
}

const unbracket = (host: string): string => (host.startsWith('[') ? host.slice(1, -1) : host);

function invalid(url: string): TaskFailure {
  return new TaskFailure(
    'invalid_input',
    `repository_url '${url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:********@')}' is not a remote git URL; ` +
      'use https://host/path.git, ssh://user@host/path, user@host:path or git://host/path',
  );
}
