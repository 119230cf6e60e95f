/**
 * The Ductape-style cloud lifecycle through the SDK: create an AWS connection, complete it with the
 * role ARN, validate it. Safe to run again: an existing `prod_aws` is reused.
 *
 *   patchbay flow run examples/aws-cloud-connection.ts                      # create; prints the trust policy
 *   patchbay flow run examples/aws-cloud-connection.ts --input role_arn=arn:aws:iam::123456789012:role/patchbay
 */
import type { Connection } from '@patchbay/sdk';
import type { FlowHandler } from '../packages/server/src/flows/flow-types.js';

export const handler: FlowHandler = async ({ client }, run) => {
  const tag = 'prod_aws';
  const existing = await client.cloud.connections.list({ q: tag });
  let connection: Connection | undefined = existing.items.find((c) => c.tag === tag);
  connection ??= await client.cloud.connections.create({
    provider: 'aws',
    name: tag,
    scopes: ['storage', 'database'],
  });
  run.log(`${tag} is ${connection.status}; IAM role setup:`, connection.setup);

  const roleArn = run.inputs.role_arn;
  if (typeof roleArn !== 'string') {
    run.success(`add the trust policy to your role, then run again with --input role_arn=<the role's ARN>`, {
      tag,
      setup: connection.setup,
    });
  }

  await client.cloud.connections.complete(tag, { role_arn: roleArn });
  const validation = await client.cloud.connections.validate(tag);
  if (!validation.valid)
    run.fail(`${tag} did not validate: ${validation.message}`, { checks: validation.checks });
  run.success(`${tag} is active for AWS account ${validation.account_identifier}`, {
    account: validation.account_identifier,
  });
};
