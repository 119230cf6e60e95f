/**
 * Runs `azureType.validate` in a child process, so the test can start Node with
 * NODE_EXTRA_CA_CERTS (read only at start-up) trusting the https test server: the production code
 * path stays exactly what an operator with a private CA gets. Reads the case from stdin as
 * `{ settings, inputs }`; writes `{ outcome, logs }` to stdout.
 */
import { text } from 'node:stream/consumers';
import { azureType } from '../../src/types/azure/azure-type.js';
import { makeCloudContext } from './cloud-support.js';

const { settings, inputs } = JSON.parse(await text(process.stdin));
const ctx = makeCloudContext(azureType, { settings });
const outcome = await azureType.validate!(inputs, ctx);
process.stdout.write(JSON.stringify({ outcome, logs: ctx.logger.lines }));
