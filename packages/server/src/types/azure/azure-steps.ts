/**
 * What to do on the provider's side before the credentials can work, in the limited markup the
 * workbench renders (**bold**, `code`, _emphasis_; nothing else): served as `setup_steps`.
 */
export const azureSetupSteps: string[] = [
  'In **Microsoft Entra ID → App registrations** register an app; note its **Application (client) ID** and **Directory (tenant) ID**.',
  'Under **Certificates & secrets** create a client secret and copy its _Value_.',
  "In the subscription's **Access control (IAM)**, give the app a role (e.g. Reader, or what the components need).",
  'Fill in `tenant_id`, `subscription_id`, `client_id` and `client_secret`; validate: a client-credentials token, then a read of the subscription.',
];
