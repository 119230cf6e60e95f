import type { TypeContext, TypeDescriptor } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { type NamedCheck, validateInSteps } from '../../task-kit/check-step.js';
import {
  objectSchema,
  oneOf,
  opt,
  port,
  type Static,
  secret,
  str,
  Type,
  target,
} from '../../task-kit/schema.js';
import { createTransport, smtpFailure } from './smtp-run.js';

const addresses = (description: string) => opt(Type.Array(Type.String({ minLength: 3 }), { description }));

const inputSchema = objectSchema({
  host: target('SMTP server host name or address'),
  port: port(587),
  tls: oneOf(['starttls', 'tls', 'none'], {
    default: 'starttls',
    'x-target': true,
    description: "'starttls' (required, port 587), 'tls' (implicit, port 465) or 'none'",
  }),
  username: opt(str('User name for AUTH (empty: no login)')),
  password: opt(secret('Password for AUTH')),
  from: opt(str('Sender address')),
  to: addresses('Recipients'),
  cc: addresses('Copy recipients'),
  bcc: addresses('Blind copy recipients'),
  subject: opt(str('Subject')),
  text: opt(str('Plain-text body')),
  html: opt(str('HTML body')),
});

export type SmtpInputs = Static<typeof inputSchema>;

/**
 * An SMTP submission server; connect sends one message.
 *
 * @example
 * { host: 'smtp.example.org', username: 'bot', password: '…', from: 'bot@example.org', to: ['ops@example.org'], subject: 'done', text: 'all done' }
 * → { message_id: '<…@example.org>', accepted: ['ops@example.org'], rejected: [] }
 */
export const smtpType: TypeDescriptor<typeof inputSchema> = {
  id: 'smtp',
  kind: 'task',
  displayName: 'SMTP server',
  shortName: 'SMTP',
  description:
    'An SMTP submission server (STARTTLS or TLS, AUTH); validate logs in without sending, connect sends one message.',
  inputSchema,
  defaultScopes: [],
  commands: ['send'],
  validate: validateSmtp,
  execute: sendMessage,
};

async function validateSmtp(inputs: SmtpInputs, ctx: TypeContext) {
  const target = { host: inputs.host, port: inputs.port, timeoutMs: ctx.timeoutMs };
  const said = [
    inputs.tls === 'none' ? 'EHLO' : inputs.tls === 'tls' ? 'TLS, EHLO' : 'EHLO, STARTTLS',
    ...(inputs.username ? [`AUTH as '${inputs.username}'`] : []),
  ].join(', ');
  const session = (address: string): NamedCheck => [
    'session',
    async () => {
      const transport = createTransport(inputs, address, ctx);
      try {
        await transport.verify();
      } catch (error) {
        throw smtpFailure(error, inputs, ctx);
      } finally {
        transport.close();
      }
      return `${said} accepted; no mail sent`;
    },
  ];
  return validateInSteps(target, ctx, (address) => [session(address)]);
}

async function sendMessage(inputs: SmtpInputs, ctx: TypeContext) {
  const recipients = [...(inputs.to ?? []), ...(inputs.cc ?? []), ...(inputs.bcc ?? [])];
  if (!inputs.from || recipients.length === 0) {
    throw new TaskFailure(
      'missing_input',
      'smtp needs from and at least one of to, cc or bcc to send a message; set them',
    );
  }
  try {
    const [address = ''] = await ctx.egress.check(inputs.host);
    const transport = createTransport(inputs, address, ctx);
    try {
      const { from, to, cc, bcc, subject, text, html } = inputs;
      const info = await transport.sendMail({ from, to, cc, bcc, subject, text, html });
      return {
        message_id: info.messageId,
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
      };
    } finally {
      transport.close();
    }
  } catch (error) {
    throw error instanceof TaskFailure ? error : smtpFailure(error, inputs, ctx);
  }
}
