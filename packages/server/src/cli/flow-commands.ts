import { DEFAULT_BASE_URL } from '@patchbay/sdk';
import type { Command } from 'commander';
import { FlowLoadError, loadFlow, runFlow } from '../flows/flow-runner.js';
import type { FlowResult } from '../flows/flow-types.js';
import { isPythonFlow, runPythonFlow } from '../flows/python-flow.js';
import { collect, pairsToObject } from './input.js';
import { write } from './output.js';
import { clientOf, USAGE_EXIT_CODE } from './remote-context.js';

function printResult(result: FlowResult, json: boolean) {
  if (json) return write(JSON.stringify(result, null, 2));
  const outputs = result.outputs ? `\noutputs:\n${JSON.stringify(result.outputs, null, 2)}` : '';
  const line = `${result.status === 'success' ? 'success' : 'failed'}: ${result.message}${outputs}\n`;
  (result.status === 'success' ? process.stdout : process.stderr).write(line);
}

/** A `.py` flow runs in Python (flow_api) with the CLI's URL and token; its exit code is the command's. */
async function runPython(file: string, options: { input?: string[]; json?: boolean }, command: Command) {
  const { url, token } = command.optsWithGlobals<{ url?: string; token?: string }>();
  try {
    process.exitCode = await runPythonFlow({
      file,
      url: url || process.env.PATCHBAY_URL || DEFAULT_BASE_URL,
      token: token || process.env.PATCHBAY_TOKEN || undefined,
      inputs: options.input ?? [],
      json: options.json === true,
    });
  } catch (error) {
    command.error(`error: ${(error as Error).message}`, { exitCode: USAGE_EXIT_CODE });
  }
}

/**
 * `patchbay flow run flow.ts|flow.py [--input k=v …] [--json]`: exit 0 on success, 1 when the flow
 * failed, 2 when it cannot be loaded.
 */
export function registerFlowCommands(program: Command) {
  program
    .command('flow')
    .description(
      'flows: TypeScript or JavaScript modules exporting handler(system, run), or Python modules defining handler(system, this)',
    )
    .command('run <file>')
    .description('run a flow against the API (PATCHBAY_URL, PATCHBAY_TOKEN); run.log lines go to stderr')
    .option('--input <k=v>', 'a value of run.inputs; repeatable; JSON when it parses, else text', collect)
    .option('--json', 'print {status, message, outputs} as JSON')
    .action(async (file: string, options: { input?: string[]; json?: boolean }, command: Command) => {
      if (isPythonFlow(file)) return runPython(file, options, command);
      let handler: Awaited<ReturnType<typeof loadFlow>>;
      try {
        handler = await loadFlow(file);
      } catch (error) {
        if (error instanceof FlowLoadError)
          command.error(`error: ${error.message}`, { exitCode: USAGE_EXIT_CODE });
        throw error;
      }
      const result = await runFlow({
        handler,
        client: clientOf(command),
        inputs: pairsToObject(options.input),
      });
      printResult(result, options.json === true);
      if (result.status !== 'success') process.exitCode = 1;
    });
}
