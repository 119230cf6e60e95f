import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, type Static, str } from '../../task-kit/schema.js';
import { createAwsSetup } from './aws-setup.js';
import { validateAws } from './aws-validate.js';

const inputSchema = objectSchema({
  role_arn: str('ARN of the role Patchbay assumes', {
    pattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$',
  }),
  region: str('Region for STS', { default: 'us-east-1', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$' }),
});

export type AwsInputs = Static<typeof inputSchema>;

/**
 * An AWS account reached by assuming a role with an external id. `setup` makes the external id and
 * the trust policy at create; `validate` assumes the role and reads the caller identity.
 *
 * @example
 * const setup = await awsType.setup!({ workspaceId, tag: 'prod_aws', settings });
 * const outcome = await awsType.validate!({ role_arn: 'arn:aws:iam::111122223333:role/patchbay' }, { ...ctx, setup });
 */
export const awsType: TypeDescriptor<typeof inputSchema> = {
  id: 'aws',
  kind: 'cloud',
  displayName: 'Amazon Web Services',
  description: 'An AWS account: Patchbay assumes a role in it with a generated external id.',
  inputSchema,
  defaultScopes: ['storage', 'broker', 'database', 'graph', 'vector'],
  commands: [],
  setup: createAwsSetup,
  validate: validateAws,
};
