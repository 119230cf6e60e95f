/**
 * Shared pieces of the benchmarks: child servers (one process each, so the server under test and the
 * load generator in this process get a core each), an autocannon wrapper with warm-up, a sequential
 * latency probe, and the table / verdict / JSON result output.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { call, SERVER_ROOT } from '../packages/server/test/support/child-server.js';

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
/**
 * What the benchmarks start: the build `npm start` runs (`dist/`, plain JavaScript from tsc), not the
 * sources through tsx. tsx's transform keeps function names by wrapping every closure in a helper
 * call at run time, which cost resolve about a fifth of its throughput (see README.md, 2026-12-02).
 * `BENCH_FROM_SOURCE=1` measures the sources instead.
 */
export const FROM_SOURCE = process.env.BENCH_FROM_SOURCE === '1';
const PATCHBAY_MAIN = join(SERVER_ROOT, FROM_SOURCE ? 'src/main.ts' : 'dist/main.js');

/** The newest modification time of the files under `dir`, in ms. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the server when its `dist/` is missing or older than a source file, so a run never measures stale code. */
export function ensureBuilt(): void {
  if (FROM_SOURCE) return;
  const built = join(SERVER_ROOT, 'dist/main.js');
  const stale = !existsSync(built) || statSync(built).mtimeMs < newestMtime(join(SERVER_ROOT, 'src'));
  if (!stale) return;
  console.log(
    'bench: packages/server/dist is older than its sources; building it (npm run build -w patchbay) …',
  );
  execFileSync('npm', ['run', 'build', '-w', 'patchbay'], {
    cwd: join(SERVER_ROOT, '../..'),
    stdio: 'inherit',
  });
}

/** One setting for every throughput measurement, baseline and target alike. */
export const LOAD = {
  connections: 50,
  pipelining: 1,
  // shorter while developing on a shared machine: BENCH_DURATION_S=3 BENCH_WARMUP_S=1
  warmupS: Number(process.env.BENCH_WARMUP_S ?? 2),
  durationS: Number(process.env.BENCH_DURATION_S ?? 10),
};

export interface Target {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  count: number;
  failures: number;
  /** CPU time (user + system, every thread) the server process spent per answered request, µs */
  cpuUsPerReq?: number;
}

export const jsonPost = (url: string, body: unknown, token?: string): Target => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

/**
 * CPU ticks (user + system, all threads) of a process so far, from /proc; undefined off Linux. Unlike
 * throughput it hardly moves when neighbours load the machine, so it compares builds on a busy host.
 */
function cpuTicks(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second */
const TICK_US = 10_000;

/**
 * Throughput and latency (ms) under LOAD, after a warm-up whose numbers are thrown away; with the
 * server's pid also its CPU time per answered request.
 */
export async function measureLoad(target: Target, serverPid?: number): Promise<Measured> {
  const base = { ...target, connections: LOAD.connections, pipelining: LOAD.pipelining };
  await autocannon({ ...base, duration: LOAD.warmupS });
  const before = cpuTicks(serverPid);
  const r = await autocannon({ ...base, duration: LOAD.durationS });
  const after = cpuTicks(serverPid);
  const cpu = before !== undefined && after !== undefined && r['2xx'] > 0;
  return {
    ...(cpu ? { cpuUsPerReq: ((after - before) * TICK_US) / r['2xx'] } : {}),
    rps: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    count: r['2xx'],
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

/** A server under load: where to send the requests, and its pid for the CPU figure. */
export interface LoadTarget {
  target: Target;
  pid?: number;
}

/** The pause between two blocks: what a server does after its load stops (its ingestion catching up) ends in it. */
const BLOCK_PAUSE_MS = 250;

/**
 * {@link measureLoad} of several servers, all running at once, in alternating blocks (A B, B A, …)
 * that add up to LOAD.durationS each, after a warm-up of each. One 10 s run after the other put a
 * change in the host's speed (it moved by up to 1.5× within minutes here, bench/README.md) on
 * whichever side ran during it; alternating puts it on both. req/s and CPU per request are over all
 * of a server's blocks; p50 is the median of its blocks' p50s, p99 the largest of their p99s.
 */
export async function measureLoadInterleaved(servers: LoadTarget[], blocks = 4): Promise<Measured[]> {
  const bases = servers.map(({ target }) => ({
    ...target,
    connections: LOAD.connections,
    pipelining: LOAD.pipelining,
  }));
  for (const base of bases) await autocannon({ ...base, duration: LOAD.warmupS });
  const sums = servers.map(() => ({ ok: 0, seconds: 0, failures: 0, ticks: 0, cpu: true }));
  const p50s = servers.map((): number[] => []);
  const p99s = servers.map((): number[] => []);
  for (let b = 0; b < blocks; b++) {
    const order = servers.map((_, i) => (b % 2 === 0 ? i : servers.length - 1 - i));
    for (const i of order) {
      await new Promise((resolve) => setTimeout(resolve, BLOCK_PAUSE_MS));
      const before = cpuTicks(servers[i]!.pid);
      const r = await autocannon({ ...bases[i]!, duration: LOAD.durationS / blocks });
      const after = cpuTicks(servers[i]!.pid);
      const sum = sums[i]!;
      sum.ok += r['2xx'];
      sum.seconds += r.duration;
      sum.failures += r.non2xx + r.errors + r.timeouts;
      if (before === undefined || after === undefined) sum.cpu = false;
      else sum.ticks += after - before;
      p50s[i]!.push(r.latency.p50);
      p99s[i]!.push(r.latency.p99);
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  return sums.map((sum, i) => ({
    ...(sum.cpu && sum.ok > 0 ? { cpuUsPerReq: (sum.ticks * TICK_US) / sum.ok } : {}),
    rps: sum.ok / sum.seconds,
    p50: median(p50s[i]!),
    p99: Math.max(...p99s[i]!),
    count: sum.ok,
    failures: sum.failures,
  }));
}

/** Latency of `n` requests one after another on one keep-alive socket, timed with hrtime (sub-ms). */
export async function measureSequential(target: Target, n: number, warmup = 200): Promise<Measured> {
  return (await measureSequentialInterleaved([target], n, 1, warmup))[0]!;
}

/**
 * {@link measureSequential} of several targets at once, in alternating blocks (A B, B A, …) of
 * `n / blocks` requests each, so that a change in the machine's speed during the run falls on every
 * target alike instead of on whichever was measured during it. The warm-up counts in no figure.
 */
export async function measureSequentialInterleaved(
  targets: Target[],
  n: number,
  blocks = 10,
  warmup = 200,
): Promise<Measured[]> {
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const times = targets.map((): number[] => []);
  const elapsed = targets.map(() => 0);
  const failures = targets.map(() => 0);
  const run = async (i: number, count: number, keep: boolean) => {
    const started = performance.now();
    for (let k = 0; k < count; k++) {
      const t0 = performance.now();
      const status = await send(agents[i]!, targets[i]!);
      if (keep) times[i]!.push(performance.now() - t0);
      if (status >= 300) failures[i]!++;
    }
    if (keep) elapsed[i]! += performance.now() - started;
  };
  for (let i = 0; i < targets.length; i++) await run(i, warmup, false);
  for (let b = 0; b < blocks; b++) {
    const order = targets.map((_, i) => (b % 2 === 0 ? i : targets.length - 1 - i));
    for (const i of order) await run(i, Math.ceil(n / blocks), true);
  }
  for (const agent of agents) agent.destroy();
  return targets.map((_, i) => ({ ...summarize(times[i]!, elapsed[i]!), failures: failures[i]! }));
}

function send(agent: Agent, t: Target): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(t.url, { agent, method: t.method ?? 'GET', headers: t.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(t.body);
  });
}

/** p50/p99 of latencies (ms), nearest rank; rps over the wall time `elapsedMs` they took. */
export function summarize(latencies: number[], elapsedMs: number): Omit<Measured, 'failures'> {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { rps: (sorted.length / elapsedMs) * 1000, p50: at(50), p99: at(99), count: sorted.length };
}

export interface ChildServer {
  url: string;
  pid: number | undefined;
  /** SIGTERM, and wait for the exit (a CPU profile is written then) */
  stop(): Promise<void>;
}

/** Starts `node --import tsx <script> …args` and waits for the first `http://…` URL on its stdout. */
export async function startScript(
  script: string,
  options: { args?: string[]; env?: Record<string, string>; cwd?: string } = {},
): Promise<ChildServer> {
  const prof = process.env.BENCH_CPU_PROF;
  const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...flags, ...loader, script, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /(http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before serving:\n${out}`)));
  });
  child.stdout.resume();
  return {
    url,
    pid: child.pid,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The bootstrap admin token of every benchmark server. */
export const ADMIN_TOKEN = `pb_bench_${randomBytes(24).toString('hex')}`;

/**
 * `patchbay serve` from the build (see {@link FROM_SOURCE}) with log level warn.
 * `BENCH_CPU_PROF=<dir>` writes a V8 CPU profile of every child server into `<dir>`.
 */
export function startPatchbay(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  return startScript(PATCHBAY_MAIN, {
    args: ['serve'],
    cwd: SERVER_ROOT,
    env: {
      PATCHBAY_DATA_DIR: dataDir,
      PATCHBAY_ADMIN_TOKEN: ADMIN_TOKEN,
      PATCHBAY_HOST: '127.0.0.1',
      PATCHBAY_PORT: '0',
      PATCHBAY_LOG_LEVEL: 'warn',
      ...env,
    },
  });
}

/** One API call that must succeed; returns the body. */
export async function api(url: string, method: string, path: string, body?: unknown, token = ADMIN_TOKEN) {
  const res = await call(url, token, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createToken(url: string, role: 'runner' | 'editor'): Promise<string> {
  const body = await api(url, 'POST', '/v1/tokens', { name: `bench-${role}`, role });
  return body.token as string;
}

export function tempDir(label: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `patchbay-bench-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
export const num = (v: number) => Math.round(v).toLocaleString('en-US');
/** a server's CPU per request, or '-' where it was not measured */
export const cpu = (m: Measured) => (m.cpuUsPerReq === undefined ? '-' : `${Math.round(m.cpuUsPerReq)} µs`);

export function printTable(title: string, head: string[], rows: (string | number)[][]): void {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of cells.slice(1)) console.log(line(r));
}

export interface Verdict {
  target: string;
  value: number;
  goal: number;
  comparison: '>=' | '<=' | '=';
  met: boolean;
}

/** Prints and returns “ratio 0.62 ≥ target 0.5: met”. */
export function verdict(
  target: string,
  value: number,
  comparison: Verdict['comparison'],
  goal: number,
): Verdict {
  const met = comparison === '>=' ? value >= goal : comparison === '<=' ? value <= goal : value === goal;
  const sign = { '>=': '≥', '<=': '≤', '=': '=' }[comparison];
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(2);
  console.log(`${target}: ${shown} ${sign} target ${goal}: ${met ? 'met' : 'not met'}`);
  return { target, value, goal, comparison, met };
}

export interface BenchOutcome {
  name: string;
  /** set when the benchmark could not measure at all (run.ts then exits non-zero) */
  error?: string;
  verdicts: Verdict[];
  data: Record<string, unknown>;
}

export function writeResult(outcome: BenchOutcome): void {
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const load = { ...LOAD, cpus: availableParallelism(), node: process.version };
  const json = { ...outcome, load, at: new Date().toISOString() };
  writeFileSync(join(dir, `${outcome.name}.json`), `${JSON.stringify(json, null, 2)}\n`);
}
