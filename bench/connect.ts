/**
 * Connect (issue: tasks). Throughput of `POST /v1/connections/pg/connect` (postgres, `SELECT 1`) ÷ the
 * same query through a `pg` Pool of the same size used directly in one process, same run, same
 * concurrency. Also measured, for scale: a bare Fastify route running the query (`bare-pg-server.ts`),
 * the most any HTTP service can reach here. When the postgres type cannot execute yet, says so and
 * reports an error (exit non-zero).
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  api,
  type BenchOutcome,
  cpu,
  createToken,
  jsonPost,
  LOAD,
  type LoadTarget,
  type Measured,
  measureLoadInterleaved,
  ms,
  num,
  printTable,
  startPatchbay,
  startScript,
  summarize,
  tempDir,
  verdict,
} from './support.js';

const DB = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const STATEMENT = 'SELECT 1';
/** the `max` of the pool the postgres type keeps per connection (packages/server/src/types/postgres/postgres-run.ts) */
const PATCHBAY_POOL_SIZE = 4;
const BARE_PG_SERVER = fileURLToPath(new URL('./bare-pg-server.ts', import.meta.url));

/**
 * Connect under load in alternating blocks with the same load against a bare Fastify route that runs
 * the statement (HTTP's own share), both servers up: a change in the host's speed falls on both.
 */
async function againstBareRoute(patchbay: LoadTarget): Promise<{ patchbay: Measured; bare: Measured }> {
  const bare = await startScript(BARE_PG_SERVER, { args: [STATEMENT, String(PATCHBAY_POOL_SIZE)] });
  try {
    const [bareLoad, patchbayLoad] = await measureLoadInterleaved([
      { target: jsonPost(`${bare.url}/v1/connections/pg/connect`, {}), pid: bare.pid },
      patchbay,
    ]);
    return { patchbay: patchbayLoad!, bare: bareLoad! };
  } finally {
    await bare.stop();
  }
}

/** `LOAD.connections` workers, each running the statement back to back through one shared pool. */
async function directPool(): Promise<Measured> {
  const pool = new pg.Pool({ ...DB, max: PATCHBAY_POOL_SIZE });
  const drive = async (seconds: number, latencies: number[]) => {
    let failures = 0;
    const until = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await pool.query(STATEMENT);
          latencies.push(performance.now() - t0);
        } catch {
          failures++;
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: LOAD.connections }, worker));
    return { elapsed: performance.now() - started, failures };
  };
  try {
    await drive(LOAD.warmupS, []);
    const latencies: number[] = [];
    const { elapsed, failures } = await drive(LOAD.durationS, latencies);
    return { ...summarize(latencies, elapsed), failures };
  } finally {
    await pool.end();
  }
}

/** One connect call; undefined when it works, else what went wrong. */
async function probe(url: string, runner: string): Promise<string | undefined> {
  const res = await fetch(`${url}/v1/connections/pg/connect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${runner}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await res.json()) as { status?: string; error?: { code: string; message: string } };
  if (res.status === 200 && body.status === 'succeeded') return undefined;
  return `HTTP ${res.status}, execution ${body.status ?? '-'}: ${body.error?.code ?? ''} ${body.error?.message ?? JSON.stringify(body)}`;
}

export async function runConnect(): Promise<BenchOutcome> {
  const direct = await directPool().catch((error: Error) => error);
  if (direct instanceof Error) {
    const error = `PostgreSQL at ${DB.host}:${DB.port} (user ${DB.user}, database ${DB.database}) is not usable: ${direct.message}`;
    return { name: 'connect', error, verdicts: [], data: {} };
  }
  const dir = tempDir('connect');
  // one runner token drives all 50 connections: lift the per-token cap on concurrent connects (SPEC 7,
  // default 8), which would otherwise answer most of the load 429 and measure the cap, not the path
  const server = await startPatchbay(dir.path, {
    PATCHBAY_MAX_CONCURRENT_CONNECTS: String(LOAD.connections * 2),
  });
  try {
    await api(server.url, 'POST', '/v1/connections', {
      tag: 'pg',
      type: 'postgres',
      value: { ...DB, statement: STATEMENT },
    });
    const runner = await createToken(server.url, 'runner');
    const problem = await probe(server.url, runner);
    if (problem) {
      const error = `the postgres type's execute does not work yet, so connect cannot be measured (${problem})`;
      console.error(`connect: NOT MEASURED: ${error}`);
      return { name: 'connect', error, verdicts: [], data: { direct } };
    }
    const { patchbay: viaPatchbay, bare: viaBareRoute } = await againstBareRoute({
      target: jsonPost(`${server.url}/v1/connections/pg/connect`, {}, runner),
      pid: server.pid,
    });
    const row = (label: string, m: Measured) => [label, num(m.rps), ms(m.p50), ms(m.p99), m.failures, cpu(m)];
    printTable(
      `'${STATEMENT}' throughput (${LOAD.connections} concurrent, ${LOAD.durationS} s, pool of ${PATCHBAY_POOL_SIZE}; the two routes in 4 alternating blocks)`,
      ['path', 'req/s', 'p50', 'p99', 'failed', 'server CPU/req'],
      [
        row('pg Pool, in process', direct),
        row('bare Fastify route + pg', viaBareRoute),
        row('patchbay connect', viaPatchbay),
      ],
    );
    const ratio = viaPatchbay.rps / direct.rps;
    const ceiling = viaBareRoute.rps / direct.rps;
    console.log(
      `for scale: bare Fastify route + pg ÷ direct pg Pool ${ceiling.toFixed(2)} (what HTTP alone leaves), patchbay connect ÷ that route ${(viaPatchbay.rps / viaBareRoute.rps).toFixed(2)}`,
    );
    return {
      name: 'connect',
      verdicts: [
        verdict(
          'connect ÷ bare Fastify route + pg throughput, ratio',
          viaPatchbay.rps / viaBareRoute.rps,
          '>=',
          0.6,
        ),
        verdict('connect ÷ direct pg Pool throughput, ratio', ratio, '>=', 0.5),
      ],
      data: {
        direct,
        viaBareRoute,
        viaPatchbay,
        ratio,
        ceiling,
        vsBareRoute: viaPatchbay.rps / viaBareRoute.rps,
      },
    };
  } finally {
    await server.stop();
    dir.remove();
  }
}
