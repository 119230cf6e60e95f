/**
 * Resolve (issue: core). 1) Throughput of `POST /v1/connections/library/resolve` (auth on, masked, a git
 * connection with a stored secret, a runner token) ÷ a bare Fastify route, same run, same load.
 * 2) Resolve latency with 100 vs 100,000 connections stored, sequentially and under load.
 */
import { fileURLToPath } from 'node:url';
import type { Connection } from '../packages/server/src/domain/model.js';
import { keyFilePath, openKeyring } from '../packages/server/src/secrets/master-keys.js';
import { createStore } from '../packages/server/src/store/create-store.js';
import {
  api,
  type BenchOutcome,
  createToken,
  jsonPost,
  type Measured,
  measureLoad,
  measureSequential,
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
    await api(server.url, 'POST', '/v1/connections', {
      tag: 'library',
      type: 'git',
      value: { repository_url: 'https://git.example.com/library.git', ref: 'develop', command: 'metadata' },
      secrets: { password: 'library-s3cret-pw' },
    });
    return await createToken(server.url, 'runner');
  } finally {
    await server.stop();
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

async function throughputVsBare(url: string, runner: string) {
  const bare = await startScript(BARE_SERVER);
  let bareLoad: Measured;
  try {
    bareLoad = await measureLoad(jsonPost(resolvePath(bare.url), BODY));
  } finally {
    await bare.stop();
  }
  const resolveLoad = await measureLoad(jsonPost(resolvePath(url), BODY, runner));
  return { bare: bareLoad, resolve: resolveLoad };
}

interface SizeRun {
  stored: number;
  sequential: Measured;
  loaded: Measured;
}

async function measureSize(dataDir: string, runner: string, stored: number): Promise<SizeRun> {
  const server = await startPatchbay(dataDir);
  try {
    const target = jsonPost(resolvePath(server.url), BODY, runner);
    const sequential = await measureSequential(target, SEQUENTIAL_REQUESTS);
    return { stored, sequential, loaded: await measureLoad(target) };
  } finally {
    await server.stop();
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

    const server = await startPatchbay(small.path);
    let vsBare: Awaited<ReturnType<typeof throughputVsBare>>;
    try {
      vsBare = await throughputVsBare(server.url, smallRunner);
    } finally {
      await server.stop();
    }
    const ratio = vsBare.resolve.rps / vsBare.bare.rps;
    const rows = (label: string, m: Measured) => [label, num(m.rps), ms(m.p50), ms(m.p99), m.failures];
    printTable(
      'resolve throughput (50 connections, 10 s, pipelining 1, after 2 s warm-up)',
      ['server', 'req/s', 'p50', 'p99', 'failed'],
      [rows('bare Fastify route', vsBare.bare), rows('patchbay resolve', vsBare.resolve)],
    );

    const sizes = [
      await measureSize(small.path, smallRunner, 100),
      await measureSize(large.path, largeRunner, 100_000),
    ];
    printTable(
      `resolve latency by connections stored (sequential: ${num(SEQUENTIAL_REQUESTS)} requests, 1 connection; loaded: as above)`,
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
    const loadRatio = b.loaded.p50 / a.loaded.p50;
    console.log(
      `p99 ratio 100k/100: sequential ${(b.sequential.p99 / a.sequential.p99).toFixed(2)}, loaded ${(b.loaded.p99 / a.loaded.p99).toFixed(2)}`,
    );
    const verdicts: Verdict[] = [
      verdict('resolve ÷ bare Fastify throughput, ratio', ratio, '>=', 0.5),
      verdict('sequential p50 100k ÷ 100, ratio', seqRatio, '<=', 1.1),
      verdict('loaded p50 100k ÷ 100, ratio', loadRatio, '<=', 1.1),
    ];
    return { name: 'resolve', verdicts, data: { vsBare, ratio, sizes, seqRatio, loadRatio } };
  } finally {
    small.remove();
    large.remove();
  }
}
