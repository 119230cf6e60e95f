/**
 * Python flows: `patchbay flow run flow.py` hands the file to `python -m flow_api` (shipped with the
 * Python SDK in sdks/python), which runs Cloudomation-style `handler(system, this)` modules through
 * the Python SDK. The exit code is the flow's: 0 success, 1 failed, 2 the file cannot be loaded.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Python SDK's sources in a checkout (the same four levels up from src/flows and dist/flows). */
const CHECKOUT_SDK = fileURLToPath(new URL('../../../../sdks/python/', import.meta.url));

/** Files `flow run` gives to Python. */
export const isPythonFlow = (file: string) => /\.py$/i.test(file);

/**
 * The interpreter: PATCHBAY_PYTHON, else the Python SDK's venv of a checkout, else `python3`.
 *
 * @example
 * pythonCommand(process.env); // '/repo/sdks/python/.venv/bin/python'
 */
export function pythonCommand(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PATCHBAY_PYTHON) return env.PATCHBAY_PYTHON;
  const venv = `${CHECKOUT_SDK}.venv/bin/python`;
  return existsSync(venv) ? venv : 'python3';
}

export interface PythonFlowOptions {
  file: string;
  url: string;
  token: string | undefined;
  /** `k=v` pairs, passed on as `--input k=v` */
  inputs: string[];
  json: boolean;
}

/**
 * Runs a Python flow with the server's URL and token in its environment (never on its command
 * line); standard output and error are the flow's. Resolves with its exit code.
 *
 * @example
 * process.exitCode = await runPythonFlow({ file: 'flow.py', url, token, inputs: ['ref=v2'], json: false });
 */
export function runPythonFlow(options: PythonFlowOptions): Promise<number> {
  const python = pythonCommand();
  const src = `${CHECKOUT_SDK}src`;
  const pythonPath = [existsSync(src) ? src : undefined, process.env.PYTHONPATH].filter(Boolean);
  const args = ['-m', 'flow_api', options.file, ...options.inputs.flatMap((pair) => ['--input', pair])];
  if (options.json) args.push('--json');
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, {
      stdio: 'inherit',
      env: {
        ...process.env,
        PATCHBAY_URL: options.url,
        PATCHBAY_TOKEN: options.token ?? '',
        PYTHONPATH: pythonPath.join(delimiter),
      },
    });
    child.once('error', (error) =>
      reject(
        new Error(
          `cannot start ${python} for the Python flow (${error.message}); install Python 3.11+ with ` +
            '`pip install patchbay` (sdks/python), or point PATCHBAY_PYTHON at an interpreter that has it',
        ),
      ),
    );
    child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
