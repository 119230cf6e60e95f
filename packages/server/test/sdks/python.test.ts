/**
 * The Python SDK (sdks/python) against a real Patchbay: its venv's pytest runs the unit tests, the
 * coverage test against openapi.json and the shared scenario suite (one parametrized case per
 * sdks/scenarios/*.json), with the environment the scenario harness starts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSdkTests, type ScenarioEnv, SDKS_DIR, startScenarioEnv } from './scenario-env.js';

const PYTHON_DIR = join(SDKS_DIR, 'python');
const PYTHON = join(PYTHON_DIR, '.venv', 'bin', 'python');
const HAS_VENV = existsSync(PYTHON);

if (!HAS_VENV) {
  const why = `no Python SDK venv at ${PYTHON}: run scripts/prepare.d/40-sdk-python.sh`;
  if (process.env.CI) throw new Error(`${why}; CI must run the Python SDK's tests`);
  console.warn(`\n!!! SKIPPING the Python SDK tests: ${why}.\n`);
}

describe.skipIf(!HAS_VENV)('python sdk: unit tests, openapi coverage and the shared scenarios', () => {
  let scenario: ScenarioEnv;

  beforeAll(async () => {
    scenario = await startScenarioEnv();
  }, 120_000);

  afterAll(async () => {
    await scenario?.stop();
  });

  it('pytest passes every test and every scenario', async () => {
    const { code, output } = await runSdkTests(
      PYTHON,
      ['-m', 'pytest', '-v', '-s', '-p', 'no:cacheprovider'],
      {
        cwd: PYTHON_DIR,
        // the scenarios must run here, never skip: CI makes a missing PATCHBAY_URL a failure
        env: { ...scenario.env, CI: 'true' },
        timeoutMs: 240_000,
      },
    );
    const failed = output.split('\n').filter((line) => / (FAILED|ERROR)( |$)/.test(line));
    expect(failed, `${output.slice(-4000)}\n--- server ---\n${scenario.serverOutput().slice(-3000)}`).toEqual(
      [],
    );
    expect(code).toBe(0);
    expect(output).toMatch(/test_scenario\[06-paging\] .*PASSED/s);
    expect(output).toMatch(/test_every_operation_has_a_method\[GET \/v1\/connections\] PASSED/);
    expect(output).not.toMatch(/SKIPPED/);
    expect(output).toMatch(/\d+ passed in /);
  }, 260_000);
});
