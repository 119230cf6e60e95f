import { createPrivateKey } from 'node:crypto';

/** The parts of a Google service account key file that validation uses. */
export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: string;
  privateKeyId: string | undefined;
  /** where the key file says tokens come from; only used to tell the user it is ignored */
  tokenUri: string | undefined;
}

const HOW_TO_GET_A_KEY =
  'paste the whole JSON key file from Google Cloud console → IAM & Admin → Service accounts → Keys → Add key → JSON';

/**
 * Reads `service_account_json` (an object or its JSON text) and checks its shape. Problems are
 * described without quoting the value: it holds a private key.
 *
 * @example
 * parseServiceAccountKey('{"type":"service_account",…}') // { key: { clientEmail: 'sa@p.iam.gserviceaccount.com', … } }
 * parseServiceAccountKey('{}') // { problem: 'service_account_json has no type …' }
 */
export function parseServiceAccountKey(raw: unknown): { key: ServiceAccountKey } | { problem: string } {
  let json: unknown = raw;
  if (typeof raw === 'string') {
    try {
      json = JSON.parse(raw);
    } catch {
      // JSON.parse quotes the text it fails on; say where to get a valid file instead.
      return { problem: `service_account_json is not valid JSON: ${HOW_TO_GET_A_KEY}` };
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { problem: `service_account_json must be a JSON object: ${HOW_TO_GET_A_KEY}` };
  }
  const file = json as Record<string, unknown>;
  if (file.type !== 'service_account') {
    const type =
      typeof file.type === 'string' && /^[a-z_]{1,40}$/.test(file.type) ? `'${file.type}'` : 'no type';
    return {
      problem: `service_account_json has ${type === 'no type' ? type : `type ${type}`}, not 'service_account': ${HOW_TO_GET_A_KEY}`,
    };
  }
  if (typeof file.client_email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(file.client_email)) {
    return { problem: `service_account_json has no valid client_email: ${HOW_TO_GET_A_KEY}` };
  }
  if (typeof file.private_key !== 'string' || !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(file.private_key)) {
    return {
      problem: `service_account_json has no PEM private_key ("-----BEGIN PRIVATE KEY-----…"): ${HOW_TO_GET_A_KEY}`,
    };
  }
  try {
    createPrivateKey(file.private_key);
  } catch {
    return {
      problem: `the private_key in service_account_json is damaged (it does not parse as a PEM key): ${HOW_TO_GET_A_KEY}`,
    };
  }
  return {
    key: {
      clientEmail: file.client_email,
      privateKey: file.private_key,
      privateKeyId: typeof file.private_key_id === 'string' ? file.private_key_id : undefined,
      tokenUri: typeof file.token_uri === 'string' ? file.token_uri : undefined,
    },
  };
}
