/**
 * The Java SDK (sdks/java) against a real Patchbay: `mvn test` runs its unit tests, the coverage test
 * against openapi.json and the shared scenario suite (one JUnit dynamic test per sdks/scenarios/*.json),
 * with the environment the scenario harness starts. Surefire's summary shows in the output.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSdkTests, type ScenarioEnv, SDKS_DIR, startScenarioEnv } from './scenario-env.js';

const JAVA_DIR = join(SDKS_DIR, 'java');

describe('java sdk: unit tests, openapi coverage and the shared scenarios', () => {
  let scenario: ScenarioEnv;

  beforeAll(async () => {
    scenario = await startScenarioEnv();
  }, 120_000);

  afterAll(async () => {
    await scenario?.stop();
  });

  it('mvn test passes every test and every scenario', async () => {
    // -ntp and -Dstyle.color keep the log readable; dependencies come from scripts/prepare.d/42-sdk-java.sh
    const { code, output } = await runSdkTests('mvn', ['-B', '-ntp', '-Dstyle.color=never', 'test'], {
      cwd: JAVA_DIR,
      // the scenarios must run here, never skip: CI makes a missing PATCHBAY_URL a failure
      env: { ...scenario.env, CI: 'true' },
      timeoutMs: 300_000,
    });
    const summary = output.match(/Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)\s*$/m);
    expect(code, `${output.slice(-6000)}\n--- server ---\n${scenario.serverOutput().slice(-3000)}`).toBe(0);
    expect(summary, 'Surefire summary line').not.toBeNull();
    expect(summary?.slice(2)).toEqual(['0', '0', '0']);
    expect(output).toMatch(
      /Tests run: \d+, Failures: 0, Errors: 0, Skipped: 0, .* in dev\.patchbay\.sdk\.scenarios\.ScenarioRunnerTest/,
    );
    expect(output).toMatch(
      /Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, .* in dev\.patchbay\.sdk\.OpenApiCoverageTest/,
    );
    expect(output).toContain('BUILD SUCCESS');
  }, 320_000);
});
