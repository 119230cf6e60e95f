/**
 * What to do on the provider's side before the credentials can work, in the limited markup the
 * workbench renders (**bold**, `code`, _emphasis_; nothing else): served as `setup_steps`.
 */
export const mongodbAtlasSetupSteps: string[] = [
  'In Atlas open **Project settings** and copy the **Project ID** (24 hexadecimal characters).',
  'Under **Access Manager → API Keys** create a key with a project role (e.g. Project Read Only); copy its public and private parts.',
  "Add the Patchbay server's outbound IP address to the API key's access list.",
  'Fill in `project_id`, `atlas_public_key` and `atlas_private_key`, then validate: it reads the project from the Atlas Admin API with HTTP Digest.',
];
