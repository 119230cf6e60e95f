/**
 * The .NET SDK (sdks/dotnet) against a real Patchbay: build-mono.sh compiles it and its NUnit tests
 * with Mono (this machine has no .NET SDK) and runs them with nunit-console — the unit tests, the
 * coverage test against openapi.json and the shared scenario suite (one TestCaseSource case per
 * sdks/scenarios/*.json) — with the environment the scenario harness starts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSdkTests, type ScenarioEnv, SDKS_DIR, startScenarioEnv } from './scenario-env.js';

const DOTNET_DIR = join(SDKS_DIR, 'dotnet');
const HAS_MONO = ['mcs', 'mono', 'nunit-console'].every(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
);

if (!HAS_MONO) {
  const why = 'mcs, mono or nunit-console is missing: run scripts/prepare.d/43-sdk-dotnet.sh';
  if (process.env.CI) throw new Error(`${why}; CI must run the .NET SDK's tests`);
  console.warn(`\n!!! SKIPPING the .NET SDK tests: ${why}.\n`);
}

describe.skipIf(!HAS_MONO)('dotnet sdk: unit tests, openapi coverage and the shared scenarios', () => {
  let scenario: ScenarioEnv;

  beforeAll(async () => {
    scenario = await startScenarioEnv();
  }, 120_000);

  afterAll(async () => {
    await scenario?.stop();
  });

  it('nunit-console passes every test and every scenario', async () => {
    const { code, output } = await runSdkTests('bash', [join(DOTNET_DIR, 'build-mono.sh')], {
      cwd: DOTNET_DIR,
      // the scenarios must run here, never skip: CI makes a missing PATCHBAY_URL a failure
      env: { ...scenario.env, CI: 'true' },
      timeoutMs: 240_000,
    });
    const summary = output.match(/Tests run: (\d+), Errors: (\d+), Failures: (\d+), Inconclusive: (\d+)/);
    expect(
      summary,
      `${output.slice(-4000)}\n--- server ---\n${scenario.serverOutput().slice(-3000)}`,
    ).not.toBeNull();
    expect(
      { errors: summary?.[2], failures: summary?.[3] },
      `${output.slice(-6000)}\n--- server ---\n${scenario.serverOutput().slice(-3000)}`,
    ).toEqual({ errors: '0', failures: '0' });
    expect(code).toBe(0);
    expect(output).not.toMatch(/Tests Not Run|SKIPPED scenario/);
    expect(output).toMatch(/scenario 06-paging\.json: \d+ steps passed/);
    expect(output).toMatch(/scenario 05-errors\.json: \d+ steps passed/);
    expect(output).toMatch(/coverage: (\d+) operations in openapi\.json, \1 covered/);
  }, 300_000);
});
