/**
 * Summarises a V8 CPU profile of a server under test (`BENCH_CPU_PROF=<dir> node --import tsx
 * bench/run.ts resolve` writes one per server start): the top functions by self time, and self time
 * per package / source area.
 *
 *   node --import tsx bench/profile-top.ts <file.cpuprofile> [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `fastify`, `pino`, `src/domain`, `(native)`: where a frame's code lives. */
function areaOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /packages\/server\/(src\/[^/]+)/.exec(url);
  if (src) return src[1]!;
  if (url.startsWith('node:')) return url;
  return url === '' ? '(native / VM)' : url.replace(/^file:\/\//, '');
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx bench/profile-top.ts <file.cpuprofile> [rows]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
for (const [i, id] of profile.samples.entries())
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const frames = new Map<string, number>();
const areas = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const short = url.replace(/^.*\/(node_modules|packages)\//, '').replace(/^file:\/\//, '');
  const key = `${functionName || '(anonymous)'}  ${short}${url ? `:${lineNumber + 1}` : ''}`;
  frames.set(key, (frames.get(key) ?? 0) + us);
  areas.set(areaOf(url), (areas.get(areaOf(url)) ?? 0) + us);
}

const rows = Number(rowsArg ?? 25);
const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n\nself time by function`);
for (const [k, us] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(us)}  ${k}`);
console.log('\nself time by area');
for (const [k, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(us)}  ${k}`);
