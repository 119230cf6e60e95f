/**
 * The Go SDK (sdks/go) against a real Patchbay: `go test -v ./...` runs its unit tests, the
 * coverage test against openapi.json and the shared scenario suite (one subtest per
 * sdks/scenarios/*.json), with the environment the scenario harness starts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSdkTests, type ScenarioEnv, SDKS_DIR, startScenarioEnv } from './scenario-env.js';

const GO_DIR = join(SDKS_DIR, 'go');

/** The go command: $GO, the toolchain scripts/prepare.d/41-sdk-go.sh installs, the usual place, PATH. */
function goCommand(): string {
  const candidates = [
    process.env.GO,
    join(SDKS_DIR, '..', '.tools', 'go', 'bin', 'go'),
    '/usr/local/go/bin/go',
  ];
  return candidates.find((path) => path && existsSync(path)) ?? 'go';
}

describe('go sdk: unit tests, openapi coverage and the shared scenarios', () => {
  let scenario: ScenarioEnv;

  beforeAll(async () => {
    scenario = await startScenarioEnv();
  }, 120_000);

  afterAll(async () => {
    await scenario?.stop();
  });

  it('go test -v ./... passes every test and every scenario', async () => {
    const { code, output } = await runSdkTests(goCommand(), ['test', '-count=1', '-v', './...'], {
      cwd: GO_DIR,
      // the scenarios must run here, never skip: CI makes a missing PATCHBAY_URL a failure
      env: { ...scenario.env, CI: 'true' },
      timeoutMs: 300_000,
    });
    const failed = output.split('\n').filter((line) => line.includes('--- FAIL'));
    expect(failed, `${output.slice(-4000)}\n--- server ---\n${scenario.serverOutput().slice(-3000)}`).toEqual(
      [],
    );
    expect(code).toBe(0);
    expect(output).toMatch(/--- PASS: TestScenarios /);
    expect(output).toMatch(/--- PASS: TestCoverageEveryOperationHasAMethod /);
    expect(output).not.toMatch(/--- SKIP/);
  }, 320_000);
});
