import { lookup } from 'node:dns/promises';
import type { ResolveAll } from './egress.js';

const systemResolve: ResolveAll = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Name resolution for the egress guard that answers a name resolved within the last `ttlMs` from
 * memory: `dns.lookup` is a round trip through libuv's thread pool (four threads, shared with file
 * I/O), paid on every connect otherwise. The guard still checks every address it is given, and the
 * driver still connects only to those, so a cached answer is held to the same rule.
 *
 * @example
 * const egress = createEgressGuard({ allowCidrs: [], resolve: createDnsCache() });
 */
export function createDnsCache(ttlMs = 1000, resolve: ResolveAll = systemResolve): ResolveAll {
  const known = new Map<string, { until: number; addresses: Promise<string[]> }>();
  return (host) => {
    const now = Date.now();
    const hit = known.get(host);
    if (hit && hit.until > now) return hit.addresses.then((addresses) => [...addresses]);
    const addresses = resolve(host);
    if (known.size >= 1000) known.clear();
    known.set(host, { until: now + ttlMs, addresses });
    // a failure is not remembered: the next call asks again
    addresses.catch(() => known.delete(host));
    return addresses.then((found) => [...found]);
  };
}
