/**
 * The `url` input of the ldap type, parsed once and refused when two parsers could read it differently
 * (SPEC 7): only `ldap://host[:port]` or `ldaps://host[:port]`, no userinfo, path, query or fragment.
 */
import { TaskFailure } from '../../domain/type-descriptor.js';

export interface LdapTarget {
  secure: boolean;
  host: string;
  port: number;
  /** "host:port" for messages */
  where: string;
}

const unsafe = (text: string): boolean =>
  /[\\\s]/.test(text) || [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export function parseLdapUrl(url: string): LdapTarget {
  const refuse = (why: string) =>
    new TaskFailure('invalid_input', `url '${url}' ${why}; give ldap://host[:port] or ldaps://host[:port]`);
  if (unsafe(url)) throw refuse('contains a backslash, a space or a control character');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('is not a URL');
  }
  if (parsed.protocol !== 'ldap:' && parsed.protocol !== 'ldaps:')
    throw refuse('is not an ldap:// or ldaps:// URL');
  if (parsed.username || parsed.password || url.includes('@'))
    throw refuse('must not carry a user name or password (use bind_dn and bind_password)');
  if ((parsed.pathname && parsed.pathname !== '/') || parsed.search || parsed.hash) {
    throw refuse('must not have a path, query or fragment (the base DN is the base_dn input)');
  }
  if (!parsed.hostname) throw refuse('has no host');
  const secure = parsed.protocol === 'ldaps:';
  const port = parsed.port ? Number(parsed.port) : secure ? 636 : 389;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { secure, host, port, where };
}

/** The URL the client is given: the checked address in place of the name (TLS still verifies the name). */
export function addressUrl(target: LdapTarget, address: string): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `${target.secure ? 'ldaps' : 'ldap'}://${host}:${target.port}`;
}
