import type { ImapFlow } from 'imapflow';
import type { TypeContext, TypeDescriptor } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { type NamedCheck, validateInSteps } from '../../task-kit/check-step.js';
import {
  objectSchema,
  opt,
  port,
  type Static,
  secret,
  str,
  strings,
  Type,
  target,
} from '../../task-kit/schema.js';
import { errorMessage } from '../../task-kit/task-support.js';
import { examine, fetchMessages, imapFailure, login } from './imap-run.js';
import { toSearchQuery } from './imap-search.js';

const inputSchema = objectSchema({
  host: target('IMAP server host name or address'),
  port: port(993),
  tls: Type.Boolean({
    default: true,
    'x-target': true,
    description: 'Implicit TLS (IMAPS), verifying the certificate for host',
  }),
  username: str('User name'),
  password: opt(secret('Password')),
  mailbox: str('Mailbox to read', { default: 'INBOX' }),
  search: strings('IMAP search keys, e.g. ["UNSEEN"] or ["FROM", "a@b.org", "SINCE", "2026-11-01"]', {
    default: ['UNSEEN'],
  }),
  max_messages: Type.Integer({
    minimum: 1,
    maximum: 200,
    default: 20,
    description: 'Newest messages returned',
  }),
});

export type ImapInputs = Static<typeof inputSchema>;

/**
 * An IMAP mailbox; connect reads the newest matching messages without marking them seen.
 *
 * @example
 * { host: 'imap.example.org', username: 'ada', password: '…', search: ['UNSEEN', 'FROM', 'ci@example.org'] }
 * → { messages: [{ uid: 7, from: ['CI <ci@example.org>'], to: […], subject: 'Build green', date: '…', text: '…' }] }
 */
export const imapType: TypeDescriptor<typeof inputSchema> = {
  id: 'imap',
  kind: 'task',
  displayName: 'IMAP mailbox',
  shortName: 'IMAP',
  description: 'An IMAP mailbox over TLS; connect reads the newest messages matching a search, read-only.',
  inputSchema,
  defaultScopes: [],
  commands: ['fetch'],
  validate: validateImap,
  execute: executeImap,
};

async function validateImap(inputs: ImapInputs, ctx: TypeContext) {
  const target = { host: inputs.host, port: inputs.port, timeoutMs: ctx.timeoutMs };
  let client: ImapFlow | undefined;
  const steps = (address: string): NamedCheck[] => [
    [
      'login',
      async () => {
        client = await login(inputs, address, ctx);
        return `${inputs.tls ? 'TLS verified, ' : ''}logged in as '${inputs.username}'`;
      },
    ],
    ['mailbox', async () => `'${inputs.mailbox}' holds ${await examine(client!, inputs, ctx)} messages`],
  ];
  return validateInSteps(target, ctx, steps, () => client?.logout());
}

async function executeImap(inputs: ImapInputs, ctx: TypeContext) {
  let client: ImapFlow | undefined;
  try {
    toSearchQuery(inputs.search); // a bad search is refused before anything is sent
    const [address = ''] = await ctx.egress.check(inputs.host);
    client = await login(inputs, address, ctx);
    await examine(client, inputs, ctx);
    return { messages: await fetchMessages(client, inputs, ctx.secrets) };
  } catch (error) {
    const failure = imapFailure(error, inputs, ctx);
    throw failure.message ? failure : new TaskFailure(failure.code, errorMessage(error));
  } finally {
    await client?.logout().catch(() => undefined);
  }
}
