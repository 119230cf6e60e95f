import { defineSettings, type SettingValues, type TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, type Static, str } from '../../task-kit/schema.js';
import { createAwsSetup } from './aws-setup.js';
import { awsSetupSteps } from './aws-steps.js';
import { validateAws } from './aws-validate.js';

/** The operator's settings: the STS endpoint (SPEC 3.1, never a connection input) and the server's principal. */
export const awsSettings = defineSettings([
  {
    env: 'PATCHBAY_AWS_STS_ENDPOINT',
    key: 'stsEndpoint',
    default: '',
    doc: 'AWS STS endpoint; empty = the regional public endpoint',
    format: 'url',
  },
  {
    env: 'PATCHBAY_AWS_PRINCIPAL_ARN',
    key: 'principalArn',
    default: '',
    doc: "The server's AWS principal for trust policies; empty = GetCallerIdentity of the base credentials",
    // a trust policy naming anything else is refused by IAM only when the customer pastes it
    check: (value) =>
      /^arn:aws[a-z-]*:iam::\d{12}:(root|(role|user)\/[\w+=,.@/-]+)$/.test(value)
        ? undefined
        : `'${value}' is not an IAM role, user or account root ARN (arn:aws:iam::<12 digits>:role/<name>); fix it, or unset it to use the identity of the base credentials`,
  },
]);

export type AwsSettings = SettingValues<typeof awsSettings>;

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
export const awsType: TypeDescriptor<typeof inputSchema, typeof awsSettings> = {
  id: 'aws',
  kind: 'cloud',
  displayName: 'Amazon Web Services',
  shortName: 'AWS',
  description: 'An AWS account: Patchbay assumes a role in it with a generated external id.',
  inputSchema,
  settings: awsSettings,
  defaultScopes: ['storage', 'broker', 'database', 'graph', 'vector'],
  commands: [],
  setupSteps: awsSetupSteps,
  setup: createAwsSetup,
  validate: validateAws,
};
