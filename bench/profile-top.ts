/**
 * Summarises a V8 CPU profile of a server under test (`BENCH_CPU_PROF=<dir> node --import tsx
 * bench/run.ts resolve` writes one per server start): the top functions by self time, and self time
 * per package / source area.
 *
 *   node --import tsx bench/profile-top.ts <file.cpuprofile> [rows] [--last seconds] [--skip seconds]
 *
 * `--last 10` keeps only the samples of the profile's last 10 s: a server stops right after the load
 * it was measured under, so this leaves out start-up and the idle time while a baseline was measured.
 * `--skip 6` first drops the profile's final 6 s: connect's server stays up (idle) while the bare
 * route after it is measured, so `--last 6 --skip 6` is the window of its own load.
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

const args = process.argv.slice(2);
const lastAt = args.indexOf('--last');
const lastS = lastAt >= 0 ? Number(args.splice(lastAt, 2)[1]) : undefined;
const skipAt = args.indexOf('--skip');
const skipS = skipAt >= 0 ? Number(args.splice(skipAt, 2)[1]) : 0;
const [file, rowsArg] = args;
if (!file || (lastS !== undefined && !(lastS > 0)) || !(skipS >= 0)) {
  console.error(
    'usage: node --import tsx bench/profile-top.ts <file.cpuprofile> [rows] [--last seconds] [--skip seconds]',
  );
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const span = profile.timeDeltas.reduce((a, b) => a + b, 0);
const until = span - skipS * 1e6;
const from = lastS === undefined ? 0 : until - lastS * 1e6;
const selfUs = new Map<number, number>();
let at = 0;
for (const [i, id] of profile.samples.entries()) {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at >= from && at <= until) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
}
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
