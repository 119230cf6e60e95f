/**
 * Resolve (issue: core). 1) Throughput of `POST /v1/connections/library/resolve` (auth on, masked, a git
 * connection with a stored secret, a runner token) ÷ a bare Fastify route, same run, same load.
 * 2) Resolve latency with 100 vs 100,000 connections stored, sequentially and under load.
 * 3) The same resolve in scale-out mode (PostgreSQL in a throwaway database), beside the bare route.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Connection } from '../packages/server/src/domain/model.js';
import { keyFilePath, openKeyring } from '../packages/server/src/secrets/master-keys.js';
import { createStore } from '../packages/server/src/store/create-store.js';
import {
  api,
  type BenchOutcome,
  type ChildServer,
  cpu,
  createToken,
  jsonPost,
  LOAD,
  type Measured,
  measureLoad,
  measureLoadInterleaved,
  measureSequential,
  measureSequentialInterleaved,
  ms,
  num,
  printTable,
  startPatchbay,
  startScript,
  tempDir,
  type Verdict,
  verdict,
} from './support.js';

const BODY = { inputs: { ref: 'v2' } };
const SEQUENTIAL_REQUESTS = 3_000;
const SEED_BATCH = 5_000;
const BARE_SERVER = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
const resolvePath = (url: string) => `${url}/v1/connections/library/resolve`;

/** A data dir bootstrapped by a real server start, with `library` and a runner token made through the API. */
async function bootstrap(dataDir: string): Promise<string> {
  const server = await startPatchbay(dataDir);
  try {
    return await addLibrary(server.url);
  } finally {
    await server.stop();
  }
}

/** Creates `library` through the API and returns a new runner token. */
async function addLibrary(url: string): Promise<string> {
  await api(url, 'POST', '/v1/connections', {
    tag: 'library',
    type: 'git',
    value: { repository_url: 'https://git.example.com/library.git', ref: 'develop', command: 'metadata' },
    secrets: { password: 'library-s3cret-pw' },
  });
  return createToken(url, 'runner');
}

const POSTGRES_ADMIN_URL =
  process.env.PATCHBAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Resolve in scale-out mode: a server on a throwaway PostgreSQL database, loaded and sequential. */
async function postgresResolve(): Promise<{ loaded: Measured; sequential: Measured } | { error: string }> {
  const name = `patchbay_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    return { error: `PostgreSQL at ${POSTGRES_ADMIN_URL} is not usable: ${(error as Error).message}` };
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const dir = tempDir('resolve-pg');
  try {
    const server = await startPatchbay(dir.path, {
      PATCHBAY_DATABASE_URL: url.toString(),
      PATCHBAY_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    try {
      const target = jsonPost(resolvePath(server.url), BODY, await addLibrary(server.url));
      const loaded = await measureLoad(target, server.pid);
      return { loaded, sequential: await measureSequential(target, SEQUENTIAL_REQUESTS) };
    } finally {
      await server.stop();
    }
  } finally {
    dir.remove();
    await admin.query(`drop database ${name} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

/** Adds `count` git connections shaped like real ones (sealed password) straight into the stopped server's store. */
async function seed(dataDir: string, count: number): Promise<void> {
  const keyring = openKeyring({ kind: 'file', path: keyFilePath(dataDir) });
  const store = await createStore({ dataDir });
  try {
    const workspace = await store.workspaces.getByName('default');
    if (!workspace) throw new Error(`${dataDir} has no default workspace; bootstrap it first`);
    const now = new Date().toISOString();
    for (let start = 0; start < count; start += SEED_BATCH) {
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(count, start + SEED_BATCH); i++) {
          const tag = `repo-${String(i).padStart(6, '0')}`;
          const connection: Connection = {
            workspaceId: workspace.id,
            tag,
            type: 'git',
            kind: 'task',
            displayName: `Repository ${i}`,
            description: 'seeded by bench/resolve.ts',
            scopes: [],
            value: { repository_url: `https://git.example.com/${tag}.git`, ref: 'main', command: 'metadata' },
            secretFields: ['password'],
            sealed: keyring.seal({ workspaceId: workspace.id, tag }, { password: `pw-${tag}` }),
            vault: null,
            status: 'unverified',
            statusMessage: null,
            version: 1,
            accountIdentifier: null,
            setup: null,
            createdAt: now,
            updatedAt: now,
            lastValidatedAt: null,
            lastChecks: null,
          };
          await tx.connections.insert(connection);
        }
      });
    }
  } finally {
    await store.close();
  }
}

async function throughputVsBare({ url, pid }: ChildServer, runner: string) {
  const bare = await startScript(BARE_SERVER);
  try {
    const [bareLoad, resolveLoad] = await measureLoadInterleaved([
      { target: jsonPost(resolvePath(bare.url), BODY), pid: bare.pid },
      { target: jsonPost(resolvePath(url), BODY, runner), pid },
    ]);
    return { bare: bareLoad!, resolve: resolveLoad! };
  } finally {
    await bare.stop();
  }
}

interface SizeRun {
  stored: number;
  sequential: Measured;
  loaded: Measured;
}

/**
 * Both sizes served at once: the sequential latencies in alternating blocks (one ratio from the same
 * minutes), then the load in alternating blocks too.
 */
async function measureSizes(
  sizes: { dataDir: string; runner: string; stored: number }[],
): Promise<SizeRun[]> {
  const servers: ChildServer[] = [];
  try {
    for (const size of sizes) servers.push(await startPatchbay(size.dataDir));
    const targets = sizes.map((size, i) => jsonPost(resolvePath(servers[i]!.url), BODY, size.runner));
    const sequential = await measureSequentialInterleaved(targets, SEQUENTIAL_REQUESTS);
    const loaded = await measureLoadInterleaved(targets.map((target) => ({ target })));
    return sizes.map((size, i) => ({ stored: size.stored, sequential: sequential[i]!, loaded: loaded[i]! }));
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

export async function runResolve(): Promise<BenchOutcome> {
  const small = tempDir('resolve-100');
  const large = tempDir('resolve-100k');
  try {
    console.log('resolve: bootstrapping two data dirs and seeding 99 / 99,999 extra connections …');
    const smallRunner = await bootstrap(small.path);
    const largeRunner = await bootstrap(large.path);
    const seedStart = performance.now();
    await seed(small.path, 99);
    await seed(large.path, 99_999);
    console.log(`resolve: seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    // the seed leaves hundreds of MB of dirty pages; written back now, not by the kernel's flusher
    // threads in the middle of the measurements below (they took CPU from one side of a ratio)
    execFileSync('sync');

    const server = await startPatchbay(small.path);
    let vsBare: Awaited<ReturnType<typeof throughputVsBare>>;
    try {
      vsBare = await throughputVsBare(server, smallRunner);
    } finally {
      await server.stop();
    }
    const postgres = await postgresResolve();
    const ratio = vsBare.resolve.rps / vsBare.bare.rps;
    const rows = (label: string, m: Measured) => [
      label,
      num(m.rps),
      ms(m.p50),
      ms(m.p99),
      m.failures,
      (m.rps / vsBare.bare.rps).toFixed(2),
      cpu(m),
    ];
    printTable(
      `resolve throughput (50 connections, ${LOAD.durationS} s each in 4 alternating blocks with the bare route, pipelining 1, after ${LOAD.warmupS} s warm-up; PostgreSQL measured on its own)`,
      ['server', 'req/s', 'p50', 'p99', 'failed', '÷ bare', 'server CPU/req'],
      [
        rows('bare Fastify route', vsBare.bare),
        rows('patchbay resolve (SQLite, embedded)', vsBare.resolve),
        ...('error' in postgres ? [] : [rows('patchbay resolve (PostgreSQL)', postgres.loaded)]),
      ],
    );
    if ('error' in postgres) console.log(`resolve on PostgreSQL: NOT MEASURED: ${postgres.error}`);
    else
      console.log(
        `resolve on PostgreSQL, sequential: p50 ${ms(postgres.sequential.p50)}, p99 ${ms(postgres.sequential.p99)}`,
      );

    const sizes = await measureSizes([
      { dataDir: small.path, runner: smallRunner, stored: 100 },
      { dataDir: large.path, runner: largeRunner, stored: 100_000 },
    ]);
    printTable(
      `resolve latency by connections stored (sequential: ${num(SEQUENTIAL_REQUESTS)} requests, 1 connection, both sizes in alternating blocks; loaded: as above)`,
      ['stored', 'seq p50', 'seq p99', 'seq req/s', 'load p50', 'load p99', 'load req/s', 'failed'],
      sizes.map((s) => [
        num(s.stored),
        ms(s.sequential.p50),
        ms(s.sequential.p99),
        num(s.sequential.rps),
        ms(s.loaded.p50),
        ms(s.loaded.p99),
        num(s.loaded.rps),
        s.sequential.failures + s.loaded.failures,
      ]),
    );
    const [a, b] = sizes as [SizeRun, SizeRun];
    const seqRatio = b.sequential.p50 / a.sequential.p50;
    // autocannon's latencies have 1 ms resolution, so on a fast host both loaded p50s read 0 and their
    // quotient is meaningless; in a closed loop the mean latency is exactly connections ÷ req/s (Little's
    // law), which has no such floor.
    const loadRatio = a.loaded.rps / b.loaded.rps;
    console.log(
      `p99 ratio 100k/100: sequential ${(b.sequential.p99 / a.sequential.p99).toFixed(2)}, loaded ${(b.loaded.p99 / a.loaded.p99).toFixed(2)}`,
    );
    const verdicts: Verdict[] = [
      verdict('resolve ÷ bare Fastify throughput, ratio', ratio, '>=', 0.5),
      verdict('sequential resolve p50 (100 stored), ms', a.sequential.p50, '<=', 0.6),
      verdict('sequential p50 100k ÷ 100, ratio', seqRatio, '<=', 1.1),
      verdict('loaded mean latency (connections ÷ req/s) 100k ÷ 100, ratio', loadRatio, '<=', 1.1),
    ];
    return { name: 'resolve', verdicts, data: { vsBare, ratio, sizes, seqRatio, loadRatio, postgres } };
  } finally {
    small.remove();
    large.remove();
  }
}
