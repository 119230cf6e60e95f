/**
 * Runs the benchmarks: `node --import tsx bench/run.ts [resolve|vault|connect]` (all when none is named).
 * Each prints its tables and verdicts and writes `bench/results/<name>.json`. Verdicts never fail the
 * run — this is a benchmark, not a test — but a benchmark that could not measure exits non-zero.
 */
import { runConnect } from './connect.js';
import { runResolve } from './resolve.js';
import { type BenchOutcome, ensureBuilt, writeResult } from './support.js';
import { runVault } from './vault.js';

const BENCHES: Record<string, () => Promise<BenchOutcome>> = {
  resolve: runResolve,
  vault: runVault,
  connect: runConnect,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}

ensureBuilt();
let failed = 0;
for (const name of asked.length > 0 ? asked : Object.keys(BENCHES)) {
  console.log(`\n=== ${name} ===`);
  let outcome: BenchOutcome;
  try {
    outcome = await BENCHES[name]!();
  } catch (error) {
    outcome = {
      name,
      verdicts: [],
      data: {},
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  writeResult(outcome);
  if (outcome.error) {
    failed++;
    console.error(`${name}: could not measure: ${outcome.error}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
