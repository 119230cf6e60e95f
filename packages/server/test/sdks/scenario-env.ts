/**
 * The environment every SDK's scenario runner (sdks/scenarios/*.json) runs against: a real Patchbay
 * (`patchbay serve` from source, fresh SQLite data dir, free port) whose AWS STS endpoint is the AWS
 * test server, a git server whose `develop` and `v2` point at different commits, and a throwaway
 * PostgreSQL role and database on 127.0.0.1:5432.
 *
 * @example
 * let scenario: ScenarioEnv;
 * beforeAll(async () => { scenario = await startScenarioEnv(); });
 * afterAll(() => scenario.stop());
 * it('go', async () => {
 *   const { code } = await runSdkTests('go', ['test', './...'], { cwd: GO_DIR, env: scenario.env, timeoutMs: 300_000 });
 *   expect(code).toBe(0);
 * });
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type AwsFake, startAwsFake } from '../fakes/aws-fake.js';
import { call, startChildServer } from '../support/child-server.js';
import { startGitServer } from '../support/git-server.js';

/** Absolute path of `sdks/scenarios`, the one scenario suite of every SDK. */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../../../sdks/scenarios/', import.meta.url));
/** Absolute path of `sdks/`, the parent of every SDK's folder. */
export const SDKS_DIR = fileURLToPath(new URL('../../../../sdks/', import.meta.url));

/** The local PostgreSQL as its superuser (same default as test/support/databases.ts). */
const POSTGRES_ADMIN_URL =
  process.env.PATCHBAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The server's AWS identity (its base credentials) and the roles the AWS test server knows. */
const AWS_KEY_ID = 'AKIAPATCHBAYSCENARIO';
const AWS_SERVER_ARN = 'arn:aws:iam::111122223333:user/patchbay-scenarios';
const AWS_ROLE_ARN = 'arn:aws:iam::444455556666:role/patchbay-scenarios';
/** Known to nobody: AssumeRole answers AccessDenied. */
const AWS_BAD_ROLE_ARN = 'arn:aws:iam::444455556666:role/not-trusted';

export interface ScenarioEnv {
  /**
   * PATCHBAY_URL, PATCHBAY_TOKEN (admin with reveal), PATCHBAY_RUNNER_TOKEN, PATCHBAY_SCENARIOS_DIR
   * (absolute path of sdks/scenarios), PATCHBAY_SCENARIO_VARS (JSON object)
   */
  env: Record<string, string>;
  /** the parsed PATCHBAY_SCENARIO_VARS */
  vars: Record<string, string | number>;
  /** everything the Patchbay server printed (for a failing test's message) */
  serverOutput(): string;
  stop(): Promise<void>;
}

interface PgRole {
  user: string;
  password: string;
  database: string;
  drop(): Promise<void>;
}

async function withPg<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A login role with a password and a database it owns; names are random so runs never collide. */
async function createPgRole(runId: string): Promise<PgRole> {
  const user = `pb_sdk_${runId}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const database = `pb_sdk_${runId}`;
  try {
    await withPg(async (client) => {
      await client.query(`create role ${user} login password '${password}'`);
      await client.query(`create database ${database} owner ${user}`);
    });
  } catch (error) {
    throw new Error(
      `the SDK scenarios need PostgreSQL at ${POSTGRES_ADMIN_URL} (set PATCHBAY_TEST_POSTGRES_URL): ${(error as Error).message}`,
    );
  }
  return {
    user,
    password,
    database,
    drop: () =>
      withPg(async (client) => {
        await client.query(`drop database if exists ${database} with (force)`);
        await client.query(`drop role if exists ${user}`);
      }),
  };
}

async function createRunnerToken(url: string, adminToken: string): Promise<string> {
  const res = await call(url, adminToken, 'POST', '/v1/tokens', { name: 'scenario-runner', role: 'runner' });
  if (res.status !== 201 || typeof res.body?.token !== 'string') {
    throw new Error(`could not create the runner token: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body.token;
}

async function startAws(secretAccessKey: string): Promise<AwsFake> {
  return startAwsFake({
    identities: { [AWS_KEY_ID]: { secretAccessKey, arn: AWS_SERVER_ARN } },
    // no external-id condition: the scenario cannot know the id before the server generates it
    roles: { [AWS_ROLE_ARN]: { trustedPrincipals: [AWS_SERVER_ARN] } },
  });
}

/**
 * Starts what the scenarios need (see the file comment). Stop it in `afterAll`.
 *
 * @example
 * const scenario = await startScenarioEnv();
 * console.log(scenario.vars.develop_sha, scenario.env.PATCHBAY_URL);
 * await scenario.stop();
 */
export async function startScenarioEnv(): Promise<ScenarioEnv> {
  const runId = randomBytes(4).toString('hex');
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => {});
  };
  try {
    const pgRole = await createPgRole(runId);
    stops.push(pgRole.drop);
    const git = await startGitServer();
    stops.push(git.stop);
    const awsSecret = randomBytes(20).toString('base64');
    const aws = await startAws(awsSecret);
    stops.push(aws.close);
    const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-scenarios-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const adminToken = `pb_${randomBytes(32).toString('base64url')}`;
    const server = await startChildServer({
      PATCHBAY_DATA_DIR: dataDir,
      PATCHBAY_ADMIN_TOKEN: adminToken,
      PATCHBAY_AWS_STS_ENDPOINT: aws.url,
      AWS_ACCESS_KEY_ID: AWS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: awsSecret,
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/patchbay-credentials',
      AWS_CONFIG_FILE: '/nonexistent/patchbay-config',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    stops.push(() => server.stop());
    const vars = {
      git_url: git.gitUrl,
      develop_sha: git.commits.develop,
      v2_sha: git.commits.v2,
      aws_role_arn: AWS_ROLE_ARN,
      aws_bad_role_arn: AWS_BAD_ROLE_ARN,
      pg_host: '127.0.0.1',
      pg_port: 5432,
      pg_user: pgRole.user,
      pg_database: pgRole.database,
      pg_password: pgRole.password,
      run_id: runId,
    };
    const env = {
      PATCHBAY_URL: server.url,
      PATCHBAY_TOKEN: adminToken,
      PATCHBAY_RUNNER_TOKEN: await createRunnerToken(server.url, adminToken),
      PATCHBAY_SCENARIOS_DIR: SCENARIOS_DIR,
      PATCHBAY_SCENARIO_VARS: JSON.stringify(vars),
    };
    return { env, vars, serverOutput: server.output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Runs an SDK's own test command with `env` added; resolves with its exit code and output (also
 * echoed to the console so its runner's summary shows in CI's log). A command that outlives
 * `timeoutMs` is killed (its whole process group) and reported with code 124.
 *
 * @example
 * const { code, output } = await runSdkTests('.venv/bin/pytest', ['-q'], { cwd: PYTHON_DIR, env: scenario.env, timeoutMs: 120_000 });
 */
export async function runSdkTests(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const take = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, opts.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${cmd} in ${opts.cwd}: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (timedOut) output += `\n${cmd} killed after ${opts.timeoutMs} ms\n`;
      resolve({ code: timedOut ? 124 : (code ?? 1), output });
    });
  });
}
