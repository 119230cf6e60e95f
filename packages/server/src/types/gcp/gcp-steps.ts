/**
 * What to do on the provider's side before the credentials can work, in the limited markup the
 * workbench renders (**bold**, `code`, _emphasis_; nothing else): served as `setup_steps`.
 */
export const gcpSetupSteps: string[] = [
  'In the Google Cloud console open **IAM & Admin → Service accounts** in the project and create a service account for Patchbay.',
  'Grant it the roles the components need, and at least one that can read the project (e.g. `roles/browser`).',
  "Open the account's **Keys → Add key → JSON**; paste the whole key file into `service_account_json` below (stored encrypted) and set `project_id`.",
  'Validate: Patchbay exchanges a signed JWT for a token, then reads the project.',
];
