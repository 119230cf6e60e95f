/**
 * What to do on the provider's side before the credentials can work, in the limited markup the
 * workbench renders (**bold**, `code`, _emphasis_; nothing else): served as `setup_steps`.
 */
export const awsSetupSteps: string[] = [
  "In the AWS console open **IAM → Roles → Create role**, choose **Custom trust policy** and paste the trust policy below. It lets only Patchbay's principal assume the role, and only with this connection's external id.",
  'Attach the permissions the linked components need (for example S3 access for a storage component).',
  "Copy the role's ARN (`arn:aws:iam::<account>:role/<name>`) into `role_arn` below and save.",
  'Validate: Patchbay calls `sts:AssumeRole` with the external id, then `GetCallerIdentity`.',
];
