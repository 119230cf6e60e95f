/**
 * The egress guard of SPEC 7: tasks never reach link-local or cloud-metadata addresses unless the
 * operator allows them. Every address a host name resolves to is checked, and tasks connect only to
 * the addresses the guard returned, so a second DNS answer cannot slip past (no rebinding gap).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { EgressGuard } from '../domain/type-descriptor.js';
import { TaskFailure } from '../domain/type-descriptor.js';

/** Resolves a host name to every address (both families). */
export type ResolveAll = (host: string) => Promise<string[]>;

export interface EgressOptions {
  /** CIDRs ("169.254.169.254/32", "fd00:ec2::254/128") or bare addresses that are allowed anyway */
  allowCidrs: string[];
  /** name resolution; defaults to `dns.lookup` with `all: true` (what the OS resolver answers) */
  resolve?: ResolveAll;
}

interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

const BLOCKED: Cidr[] = [
  cidr('169.254.0.0/16'), // IPv4 link-local, AWS/GCP/Azure metadata
  cidr('fd00:ec2::254/128'), // AWS IMDS over IPv6
  cidr('fe80::/10'), // IPv6 link-local
  cidr('100.100.100.200/32'), // Alibaba Cloud metadata
];

/** NAT64 (RFC 6052 well-known prefix): the last 32 bits are an IPv4 address the gateway reaches. */
const NAT64 = cidr('64:ff9b::/96');

/**
 * Creates the guard.
 *
 * @example
 * const egress = createEgressGuard({ allowCidrs: process.env.PATCHBAY_EGRESS_ALLOW?.split(',') ?? [] });
 * const addresses = await egress.check('db.example.com'); // connect to addresses[0], never re-resolve
 */
export function createEgressGuard(options: EgressOptions): EgressGuard {
  const allowed = options.allowCidrs
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .map(cidr);
  const resolve = options.resolve ?? defaultResolve;
  /** address → refused: the verdict of an address never changes while the process runs */
  const verdicts = new Map<string, boolean>();
  const isRefused = (address: string): boolean => {
    let refused = verdicts.get(address);
    if (refused === undefined) {
      const bytes = normalise(address);
      refused = BLOCKED.some((b) => contains(b, bytes)) && !allowed.some((a) => contains(a, bytes));
      if (verdicts.size >= 10_000) verdicts.clear();
      verdicts.set(address, refused);
    }
    return refused;
  };
  return {
    async check(host: string): Promise<string[]> {
      const name = unbracket(host);
      const addresses = isIP(name) ? [name] : await resolveOrFail(resolve, name);
      for (const address of addresses) {
        if (isRefused(address)) {
          throw new TaskFailure(
            'egress_denied',
            `connection to '${name}' refused: ${name} resolves to ${address}, a link-local/cloud-metadata address; ` +
              'an operator can allow it with PATCHBAY_EGRESS_ALLOW',
          );
        }
      }
      return addresses;
    },
  };
}

const defaultResolve: ResolveAll = async (host) => {
  const found = await dnsLookup(host, { all: true, verbatim: true });
  return found.map((a) => a.address);
};

async function resolveOrFail(resolve: ResolveAll, host: string): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new TaskFailure(
      'unknown_host',
      `unknown host '${host}': it does not resolve (${code}); check the host name`,
      { cause: error },
    );
  }
  if (addresses.length === 0) {
    throw new TaskFailure(
      'unknown_host',
      `unknown host '${host}': it resolves to no address; check the host name`,
    );
  }
  return addresses;
}

const unbracket = (host: string): string =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;

function cidr(text: string): Cidr {
  const [address = '', prefixText] = text.split('/');
  const family = isIP(address);
  if (family === 0) throw new Error(`PATCHBAY_EGRESS_ALLOW: '${text}' is not an IP address or CIDR`);
  const bytes = family === 4 ? ipv4Bytes(address) : ipv6Bytes(address);
  const prefix = prefixText === undefined ? bytes.length * 8 : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bytes.length * 8) {
    throw new Error(`PATCHBAY_EGRESS_ALLOW: '${text}' has an invalid prefix length`);
  }
  return { bytes, prefix };
}

/** Bytes of an address, with IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible and NAT64 IPv6 unwrapped to IPv4. */
function normalise(address: string): Uint8Array {
  const plain = address.split('%')[0] ?? address; // drop an IPv6 zone id
  if (isIP(plain) === 4) return ipv4Bytes(plain);
  const bytes = ipv6Bytes(plain);
  const zeros = bytes.subarray(0, 10).every((b) => b === 0);
  const mapped = zeros && bytes[10] === 0xff && bytes[11] === 0xff;
  const compatible = zeros && bytes[10] === 0 && bytes[11] === 0 && bytes.subarray(12).some((b) => b !== 0);
  return mapped || compatible || contains(NAT64, bytes) ? bytes.slice(12) : bytes;
}

function contains(range: Cidr, bytes: Uint8Array): boolean {
  if (range.bytes.length !== bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((range.bytes[i] ?? 0) & mask) !== ((bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv4Bytes(address: string): Uint8Array {
  return Uint8Array.from(address.split('.').map(Number));
}

function ipv6Bytes(address: string): Uint8Array {
  let text = address;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = ipv4Bytes(text.slice(lastColon + 1));
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    text = `${text.slice(0, lastColon)}:0:0`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((h) => Number.parseInt(h, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const groups = [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  if (tail.length) groups.splice(6, 2, ...tail);
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = (g >> 8) & 0xff;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}
