/**
 * What to do on the provider's side before the credentials can work, in the limited markup the
 * workbench renders (**bold**, `code`, _emphasis_; nothing else): served as `setup_steps`.
 */
export const neo4jAuraSetupSteps: string[] = [
  'In the Aura console open **Account settings → API keys** and create a key; copy the client id and the client secret (shown once).',
  'Optionally copy an instance id from the instance list, so validation also checks that instance exists.',
  'Fill in `aura_client_id` and `aura_client_secret`; validate gets an OAuth token and lists the instances.',
];
